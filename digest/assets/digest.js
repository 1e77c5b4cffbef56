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

// Actor tables: filter rows by name, sort by a column (keyboard accessible: header buttons).
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell.hasAttribute("data-value") ? Number(cell.getAttribute("data-value")) : cell.textContent.trim();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".digest-sortable th button");
    if (!button) return;
    var header = button.parentElement;
    var table = header.closest("table");
    var index = Array.prototype.indexOf.call(header.parentElement.children, header);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentElement.children, function (th) {
      if (th.hasAttribute("aria-sort")) th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
  document.addEventListener("input", function (event) {
    if (!event.target.classList || !event.target.classList.contains("digest-filter")) return;
    var query = event.target.value.trim().toLowerCase();
    var scope = event.target.closest(".digest-actor-table") || document;
    scope.querySelectorAll(".digest-sortable tbody tr").forEach(function (row) {
      row.hidden = query !== "" && row.textContent.toLowerCase().indexOf(query) === -1;
    });
  });
})();
