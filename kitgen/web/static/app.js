// kitgen's pages work without this file; it keeps screen readers told.
// After htmx swaps in the live agenda and the problems next to the fields, every
// input whose problem text is not empty is marked aria-invalid (and unmarked
// when the problem is gone), as the page is when it is first served.
document.addEventListener("htmx:afterSettle", function () {
  document.querySelectorAll('p.error[id^="error-"]').forEach(function (p) {
    var bad = p.textContent.trim() !== "";
    document.querySelectorAll('[aria-describedby~="' + p.id + '"]').forEach(function (el) {
      if (bad) { el.setAttribute("aria-invalid", "true"); } else { el.removeAttribute("aria-invalid"); }
    });
  });
});
