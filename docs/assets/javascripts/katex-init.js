// Typeset formulas with the KaTeX served from this site. pymdownx.arithmatex (generic mode)
// wraps each formula of the guide's pages in an element with class "arithmatex", as \(...\)
// or \[...\]; only those are typeset, so a dollar sign anywhere else (a community note, a code
// sample) stays text. document$ fires on every page, including pages reached through instant
// navigation.
document$.subscribe(({ body }) => {
  for (const formula of body.querySelectorAll(".arithmatex")) {
    if (formula.closest(".community-note")) continue;
    renderMathInElement(formula, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
});
