// kitgen's pages work without this file; it keeps screen readers told and
// carries the kit being made into the library and back.
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

// "Add to kit" in the library adds to the kit being made in this tab, not to a
// new one: the kit form is kept in sessionStorage as it changes, and the
// library's links carry it back (/kit?draft=…&add=…). Without this file the
// links start a new kit with that item.
var DRAFT = "kitgen-kit-draft";
function keepDraft() {
  var form = document.getElementById("kit-form");
  if (!form) { return; }
  var params = new URLSearchParams(new FormData(form));
  params.delete("op");
  try { sessionStorage.setItem(DRAFT, params.toString()); } catch (e) { /* private mode: no draft */ }
}
document.addEventListener("input", keepDraft);
document.addEventListener("change", keepDraft);
document.addEventListener("htmx:afterSwap", keepDraft);
document.addEventListener("htmx:afterSettle", keepDraft);
document.addEventListener("DOMContentLoaded", function () {
  keepDraft();
  var draft = null;
  try { draft = sessionStorage.getItem(DRAFT); } catch (e) { draft = null; }
  if (!draft) { return; }
  document.querySelectorAll("a.add-to-kit").forEach(function (a) {
    a.href = a.getAttribute("href") + "&draft=" + encodeURIComponent(draft);
  });
});
