// Typeset formulas with the KaTeX served from this site. pymdownx.arithmatex (generic mode)
// wraps each formula in an element with class "arithmatex"; document$ fires on every page,
// including pages reached through instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  });
});
