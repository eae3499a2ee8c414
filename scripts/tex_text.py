"""Formulas as plain text, for places where TeX cannot be typeset (search result snippets).

    >>> tex_to_text(r"F_1 = 2 \\cdot \\frac{P \\cdot R}{P + R}")
    'F_1 = 2 · (P · R)/(P + R)'

It reads the subset of TeX the guide writes: fractions, roots, sub- and superscripts, Greek
letters, operators and relations, \\text{...}, \\left/\\right, spacing commands. Anything it does
not know keeps its name without the backslash, so the text stays readable.
"""

from __future__ import annotations

import re

SYMBOLS = {
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "approx": "≈", "sim": "~",
    "simeq": "≃", "propto": "∝", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ll": "≪",
    "gg": "≫", "neq": "≠", "ne": "≠", "equiv": "≡", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "cup": "∪", "cap": "∩", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "mapsto": "↦", "infty": "∞", "sum": "Σ", "prod": "Π", "int": "∫",
    "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃", "ldots": "…", "dots": "…",
    "cdots": "⋯", "mid": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "circ": "∘", "star": "*", "ast": "*", "top": "ᵀ", "prime": "′", "%": "%", "{": "{", "}": "}",
    "_": "_", "&": "&", "#": "#", "$": "$",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "θ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
SPACES = {",": " ", ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ", " ": " ", "\\": "; "}
DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        "displaystyle", "textstyle", "limits", "nolimits", "mathstrut"}  # fmt: skip
TEXT_LIKE = {"text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "mathsf",
             "mathcal", "mathbb", "operatorname", "boldsymbol", "bm", "texttt", "mbox"}  # fmt: skip
ACCENTS = {"hat": "^", "bar": "¯", "tilde": "~", "vec": "→", "dot": "˙", "widehat": "^", "overline": "¯"}


def _group(tex: str, i: int) -> tuple[str, int]:
    """The argument starting at tex[i] (a {...} group or one token), and the index after it."""
    while i < len(tex) and tex[i] == " ":
        i += 1
    if i >= len(tex):
        return "", i
    if tex[i] == "{":
        depth, j = 1, i + 1
        while j < len(tex) and depth:
            if tex[j] == "\\":
                j += 2
                continue
            depth += {"{": 1, "}": -1}.get(tex[j], 0)
            j += 1
        return tex[i + 1 : j - 1], j
    if tex[i] == "\\":
        match = re.match(r"\\([A-Za-z]+|.)", tex[i:])
        return match.group(0), i + len(match.group(0))
    return tex[i], i + 1


def _wrap(text: str) -> str:
    text = text.strip()
    return text if re.fullmatch(r"[\w.′]+", text) else f"({text})"


def tex_to_text(tex: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name = match.group(1)
            i += len(match.group(0))
            if name in ("frac", "dfrac", "tfrac"):
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                out.append(f"{_wrap(tex_to_text(num))}/{_wrap(tex_to_text(den))}")
            elif name == "sqrt":
                arg, i = _group(tex, i)
                out.append(f"√{_wrap(tex_to_text(arg))}")
            elif name in TEXT_LIKE:
                arg, i = _group(tex, i)
                out.append(tex_to_text(arg) if name != "text" else arg)
            elif name in ACCENTS:
                arg, i = _group(tex, i)
                out.append(tex_to_text(arg) + ACCENTS[name])
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            elif name in SPACES:
                out.append(SPACES[name])
            elif name in DROP:
                pass
            elif name in ("log", "ln", "exp", "max", "min", "arg", "sin", "cos", "tan", "det", "Pr", "lim", "sup", "inf", "argmax", "argmin"):
                following = tex[i:i + 1]
                out.append(name + ("" if following in ("_", "^", "(", "{", " ", "") else " "))
            else:
                out.append(name)
        elif c in "^_":
            arg, i = _group(tex, i + 1)
            inner = tex_to_text(arg)
            if c == "^" and inner in ("ᵀ", "′", "*"):
                out.append(inner)
                continue
            out.append(c + (inner if len(inner) == 1 or re.fullmatch(r"\w+", inner) else f"({inner})"))
        elif c in "{}":
            i += 1
        elif c == "&":
            i += 1
        elif c == "~":
            out.append(" ")
            i += 1
        else:
            out.append(c)
            i += 1
    text = "".join(out)
    text = re.sub(r" {2,}", " ", text)
    return text.strip()
