// Highlight a sentence's counterpart in the other language on hover, focus or tap.
(function () {
  "use strict";
  function counterparts(target) {
    var span = target && target.closest ? target.closest(".digest-s[data-sid]") : null;
    if (!span) return [];
    var sid = span.getAttribute("data-sid");
    return Array.prototype.slice.call(
      document.querySelectorAll('.digest-s[data-sid="' + CSS.escape(sid) + '"]'));
  }
  function highlight(event, on) {
    counterparts(event.target).forEach(function (span) {
      span.classList.toggle("digest-active", on);
    });
  }
  document.addEventListener("mouseover", function (e) { highlight(e, true); });
  document.addEventListener("mouseout", function (e) { highlight(e, false); });
  document.addEventListener("focusin", function (e) { highlight(e, true); });
  document.addEventListener("focusout", function (e) { highlight(e, false); });
})();
