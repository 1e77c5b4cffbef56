// Reading modes of the article pages: the layout (side by side, interleaved, Arabic only,
// English only) and learner mode, kept in localStorage so they follow the reader.
(function () {
  "use strict";
  var VIEW_KEY = "digest.view", LEARNER_KEY = "digest.learner";
  var VIEWS = ["side", "interleaved", "ar", "en"];
  var root = document.documentElement;
  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ }
  }
  function defaultView() {
    return window.matchMedia("(min-width: 45em)").matches ? "side" : "interleaved";
  }
  function apply(view, learner) {
    root.setAttribute("data-digest-view", view);
    root.toggleAttribute("data-digest-learner", learner);
    document.querySelectorAll('input[name="digest-view"]').forEach(function (input) {
      input.checked = input.value === view;
    });
    document.querySelectorAll('input[name="digest-learner"]').forEach(function (input) {
      input.checked = learner;
    });
    document.querySelectorAll(".digest-row.digest-revealed").forEach(function (row) {
      row.classList.remove("digest-revealed");
    });
  }
  var view = stored(VIEW_KEY);
  apply(VIEWS.indexOf(view) >= 0 ? view : defaultView(), stored(LEARNER_KEY) === "on");
  document.querySelectorAll(".digest-view-controls").forEach(function (controls) {
    controls.hidden = false;
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name === "digest-view") {
      store(VIEW_KEY, input.value);
      apply(input.value, root.hasAttribute("data-digest-learner"));
    } else if (input.name === "digest-learner") {
      store(LEARNER_KEY, input.checked ? "on" : "off");
      apply(root.getAttribute("data-digest-view"), input.checked);
    }
  });
  // Learner mode: a click anywhere in a paragraph shows its English for good.
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest(".digest-row");
    if (row && root.hasAttribute("data-digest-learner")) row.classList.add("digest-revealed");
  });
})();

// Aligned sentences: hovering, focusing or tapping one highlights its counterpart and
// brings it on screen; a link to a sentence or paragraph opens there, highlighted.
(function () {
  "use strict";
  var HOVER_SCROLL_DELAY = 400;
  var hoverTimer = null;
  function sentenceOf(node) {
    return node && node.closest ? node.closest(".digest-s[data-sid]") : null;
  }
  function counterparts(span) {
    if (!span) return [];
    return Array.prototype.slice.call(document.querySelectorAll(
      '.digest-s[data-sid="' + CSS.escape(span.getAttribute("data-sid")) + '"]'));
  }
  // Off screen: wholly or partly outside the window, or under the fixed header.
  function offScreen(element) {
    var rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return false;  // hidden by the view mode
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    return rect.top < top || rect.bottom > window.innerHeight;
  }
  function reveal(span) {
    counterparts(span).forEach(function (other) {
      if (other !== span && offScreen(other)) {
        var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        other.scrollIntoView({ block: "nearest", behavior: smooth ? "smooth" : "auto" });
      }
    });
  }
  function highlight(span, on) {
    counterparts(span).forEach(function (other) { other.classList.toggle("digest-active", on); });
  }
  document.addEventListener("mouseover", function (event) {
    var span = sentenceOf(event.target);
    if (!span) return;
    highlight(span, true);
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { reveal(span); }, HOVER_SCROLL_DELAY);
  });
  document.addEventListener("mouseout", function (event) {
    var span = sentenceOf(event.target);
    if (!span || span.contains(event.relatedTarget)) return;
    clearTimeout(hoverTimer);
    if (document.activeElement !== span) highlight(span, false);
  });
  document.addEventListener("focusin", function (event) {
    var span = sentenceOf(event.target);
    if (span) { highlight(span, true); reveal(span); }
  });
  document.addEventListener("focusout", function (event) {
    var span = sentenceOf(event.target);
    if (span) highlight(span, false);
  });
  function openTarget() {
    document.querySelectorAll(".digest-targeted").forEach(function (node) {
      node.classList.remove("digest-targeted");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var span = sentenceOf(target);
    if (span) {
      counterparts(span).forEach(function (other) { other.classList.add("digest-targeted"); });
      reveal(span);
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
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
  // Names compared as a reader types them: without case, accents, short vowels or
  // tatweel, every hamza-carrying alif as bare alif, taa marbuta as haa, alif maqsura as yaa.
  function fold(text) {
    return text.normalize("NFKD").toLowerCase()
      .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627").replace(/\u0629/g, "\u0647")
      .replace(/\u0649/g, "\u064a").replace(/\u0624/g, "\u0648").replace(/\u0626/g, "\u064a");
  }
  document.addEventListener("input", function (event) {
    if (!event.target.classList || !event.target.classList.contains("digest-filter")) return;
    var query = fold(event.target.value.trim());
    var scope = event.target.closest(".digest-actor-table") || document;
    scope.querySelectorAll(".digest-sortable tbody tr").forEach(function (row) {
      var names = fold(row.getAttribute("data-names") || row.textContent);
      row.hidden = query !== "" && names.indexOf(query) === -1;
    });
  });
})();

// Keyboard: a paragraph is one tab stop (its permalink); the arrow keys go through its
// sentences and the names in them (Arabic first), each highlighting its counterpart.
(function () {
  "use strict";
  var STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  var ITEMS = ".digest-s, .digest-row a";
  document.querySelectorAll(".digest-row").forEach(function (row) {
    row.querySelectorAll(ITEMS).forEach(function (item) {
      if (!item.classList.contains("digest-permalink")) item.tabIndex = -1;
    });
  });
  function shown(item) { return item.getClientRects().length > 0; }
  document.addEventListener("keydown", function (event) {
    var row = event.target.closest && event.target.closest(".digest-row");
    if (!row || !(event.key in STEP) || event.altKey || event.ctrlKey || event.metaKey) return;
    var items = Array.prototype.filter.call(row.querySelectorAll(ITEMS), shown);
    var at = items.indexOf(event.target);
    if (at < 0) return;
    event.preventDefault();
    items[(at + STEP[event.key] + items.length) % items.length].focus();
  });
})();

// Page titles in Arabic where the theme shows them (header, navigation, table of
// contents): marked Arabic and right to left, so they read in order and in an Arabic voice.
(function () {
  "use strict";
  var ARABIC_FIRST = /^[^A-Za-z\u0600-\u06ff]*[\u0600-\u06ff]/;
  document.querySelectorAll(".md-header__topic .md-ellipsis, .md-nav .md-ellipsis").forEach(
    function (title) {
      if (!ARABIC_FIRST.test(title.textContent)) return;
      title.setAttribute("lang", "ar");
      title.setAttribute("dir", "rtl");
    });
})();
