// The search page: looks a query up in digest's index (digest/search.py), folding it by the
// rules the index was built with, which search-index/meta.json carries.
(function () {
  "use strict";
  var form = document.getElementById("digest-search");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("digest-search-status");
  var list = document.getElementById("digest-search-results");
  var root = new URL(form.getAttribute("data-root"), window.location.href);
  var indexURL = new URL("search-index/", root);
  var MAX_OTHERS = 30, RESULTS = 10, EXCERPT = 220, MIN_PREFIX = 3;
  var cache = {};
  var meta = null, clitics = null, stopWords = null, shardNumbers = null, blockOffsets = null;

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, indexURL)).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  function fold(text) {
    var bare = text.normalize("NFKD").replace(/\p{Mn}/gu, "").split(meta.tatweel).join("");
    var out = "";
    for (var char of bare.toLowerCase()) out += meta.folding[char] || char;
    return out;
  }
  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }
  function withoutArticle(word) {
    var rest = word.length - meta.article.length;
    return word.indexOf(meta.article) === 0 && rest >= meta.min_stem
      ? word.slice(meta.article.length) : word;
  }
  function indexKeys(word) {
    var keys = [], chars = Array.from(word);
    var last = Math.max(0, Math.min(meta.max_clitics, chars.length - meta.min_stem));
    for (var cut = 0; cut <= last; cut++) {
      if (clitics.test(chars.slice(0, cut).join(""))) keys.push(withoutArticle(chars.slice(cut).join("")));
    }
    return keys;
  }
  // For each word of the query, the keys it looks up: the word without its article, then
  // without each clitic prefix it may carry (digest/outputs/search.py's query_keys).
  function queryKeys(query) {
    return words(query).filter(function (w) { return !stopWords.has(w); }).map(function (w) {
      return Array.from(new Set(indexKeys(w)));  // (the word as typed first)
    });
  }
  function shardName(key) {
    return Array.from(key).slice(0, meta.shard_prefix).map(function (c) {
      return c.codePointAt(0).toString(16).padStart(4, "0");
    }).join("-");
  }

  // Whether a block of the index has a shard: bit n % 4 of the block's hex digit n // 4.
  function hasShard(block, number) {
    return (parseInt(block.has[number >> 2], 16) >> (number & 3)) & 1;
  }

  // Documents holding a key, exactly (2 points) or as a prefix of a longer key (1 point),
  // by their id across the blocks (the block's offset plus the id in the block).
  function lookUp(key) {
    var name = shardName(key), number = shardNumbers.get(name);
    if (number === undefined) return Promise.resolve(new Map());
    var blocks = meta.blocks.filter(function (block) { return hasShard(block, number); });
    return Promise.all(blocks.map(function (block) {
      return load(block.name + "/keys/" + name + ".json");
    })).then(function (shards) {
      var scores = new Map();
      shards.forEach(function (shard, i) {
        var offset = blocks[i].offset;
        Object.keys(shard).forEach(function (candidate) {
          var points = candidate === key ? 2
            : key.length >= MIN_PREFIX && candidate.indexOf(key) === 0 ? 1 : 0;
          if (!points) return;
          shard[candidate].forEach(function (local) {
            var id = offset + local;
            scores.set(id, Math.max(scores.get(id) || 0, points));
          });
        });
      });
      return scores;
    });
  }

  // A word's documents: by the word as typed (its points), or without a clitic (1 point).
  function lookUpWord(keys) {
    return Promise.all(keys.map(lookUp)).then(function (found) {
      var scores = new Map(found[0]);
      found.slice(1).forEach(function (more) {
        more.forEach(function (points, id) { if (!scores.has(id)) scores.set(id, 1); });
      });
      return scores;
    });
  }

  // Pages holding every word of the query, each in its title or in any of its paragraphs.
  // A page's score: whether its title holds every word (title matches come first), the
  // sum of each word's best points, then how many of its paragraphs hold a word. Its
  // paragraphs (not the title) are listed best first: the one holding most words leads.
  function search(query) {
    var perWord = queryKeys(query);
    var keys = [].concat.apply([], perWord);
    if (!keys.length) return Promise.resolve({ keys: keys, pages: [] });
    return Promise.all(perWord.map(lookUpWord)).then(function (perKey) {
      var pages = new Map();
      perKey.forEach(function (scores, word) {
        scores.forEach(function (points, id) {
          var number = pageOf(id), start = meta.page_starts[number];
          var page = pages.get(number);
          if (!page) pages.set(number, page = { start: start, best: [], title: 0, docs: new Map() });
          page.best[word] = Math.max(page.best[word] || 0, points);
          if (id === start) page.title += 1;
          else page.docs.set(id, (page.docs.get(id) || 0) + points);
        });
      });
      var ranked = [];
      pages.forEach(function (page) {
        if (page.best.filter(Boolean).length < perKey.length) return;
        var docs = Array.from(page.docs.keys()).sort(function (a, b) {
          return page.docs.get(b) - page.docs.get(a) || a - b;
        });
        ranked.push({
          id: docs.length ? docs[0] : page.start,  // (the title, when no paragraph holds a word)
          others: docs.slice(1),
          inTitle: page.title === perKey.length,
          score: page.best.reduce(function (sum, points) { return sum + points; }, 0),
          count: docs.length
        });
      });
      ranked.sort(function (a, b) {
        return b.inTitle - a.inTitle || b.score - a.score || b.count - a.count || a.id - b.id;
      });
      return { keys: keys, pages: ranked };
    });
  }

  // The last entry of a sorted list that is at most the value (its position).
  function lastAtMost(sorted, value) {
    var low = 0, high = sorted.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (sorted[middle] <= value) low = middle; else high = middle - 1;
    }
    return low;
  }

  function chunkOf(id) {
    var block = meta.blocks[lastAtMost(blockOffsets, id)], local = id - block.offset;
    return { path: block.name + "/docs/" + Math.floor(local / meta.chunk) + ".json",
             at: local % meta.chunk };
  }

  function documents(ids) {
    var places = ids.map(chunkOf);
    var paths = Array.from(new Set(places.map(function (place) { return place.path; })));
    return Promise.all(paths.map(load)).then(function (loaded) {
      var byPath = new Map(paths.map(function (path, i) { return [path, loaded[i]]; }));
      return places.map(function (place) {
        var d = byPath.get(place.path)[place.at];
        return { url: d[0], title: d[1], titleAr: d[2], arabic: d[3], english: d[4], date: d[5],
                 actors: d[6] || [], label: d[7] || "" };
      });
    });
  }

  // Whether a folded word is found by the query's keys (as the index lookup finds it).
  function matches(word, keys) {
    return indexKeys(word).some(function (k) {
      return keys.some(function (q) { return k === q || (q.length >= MIN_PREFIX && k.indexOf(q) === 0); });
    });
  }

  // The text around the first matching word, matching words in <mark>; built as DOM
  // nodes so that article text is never read as HTML.
  function excerpt(text, keys, lang) {
    var paragraph = document.createElement("p");
    paragraph.lang = lang;
    paragraph.dir = lang === "ar" ? "rtl" : "ltr";
    paragraph.className = "digest-search-excerpt";
    var pattern = /[\p{L}\p{N}\p{Mn}\u0640]+/gu, match, spans = [];
    while ((match = pattern.exec(text))) {
      var folded = fold(match[0]);
      if (matches(folded, keys)) spans.push([match.index, match.index + match[0].length]);
    }
    var start = 0, end = text.length;
    if (text.length > EXCERPT) {
      var centre = spans.length ? spans[0][0] : 0;
      start = Math.max(0, centre - EXCERPT / 3);
      start = start ? text.indexOf(" ", start) + 1 : 0;
      end = Math.min(text.length, start + EXCERPT);
      end = end < text.length ? text.lastIndexOf(" ", end) : end;
    }
    var position = start;
    if (start > 0) paragraph.append("… ");
    spans.filter(function (s) { return s[0] >= start && s[1] <= end; }).forEach(function (s) {
      paragraph.append(text.slice(position, s[0]));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], s[1]);
      paragraph.append(mark);
      position = s[1];
    });
    paragraph.append(text.slice(position, end));
    if (end < text.length) paragraph.append(" …");
    return paragraph;
  }

  // A paragraph found by an actor's name and not by its words: the names that matched
  // (an actor is [English, Arabic, other English spellings…]; a spelling that matched is
  // shown in brackets: "Türkiye (Turkey) · تركيا").
  function namedBy(doc, keys) {
    var line = document.createElement("p");
    line.className = "digest-search-meta";
    doc.actors.forEach(function (names) {
      var matched = names.filter(function (name) {
        return words(name).some(function (w) { return matches(w, keys); });
      });
      if (!matched.length) return;
      var other = matched.filter(function (name) { return names.indexOf(name) > 1; })[0];
      var mark = document.createElement("mark");
      mark.textContent = names[0] + (other && matched.length === 1 ? " (" + other + ")" : "");
      var arabic = document.createElement("span");
      arabic.lang = "ar";
      arabic.dir = "rtl";
      arabic.textContent = names[1];
      line.append(line.childNodes.length ? ", " : "Names ", mark, " · ", arabic);
    });
    return line.childNodes.length ? line : null;
  }
  function withWhy(nodes, doc, keys) {
    var marked = nodes.some(function (node) { return node.querySelector("mark"); });
    var why = marked ? null : namedBy(doc, keys);
    return why ? nodes.concat([why]) : nodes;
  }

  // The other matching paragraphs of a page, fetched when the reader opens them.
  function others(ids, keys) {
    var details = document.createElement("details");
    details.className = "digest-search-more";
    var summary = document.createElement("summary");
    summary.textContent = ids.length === 1 ? "1 other paragraph matches"
      : ids.length + " other paragraphs match";
    details.append(summary);
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.loaded) return;
      details.dataset.loaded = "yes";
      documents(ids.slice(0, MAX_OTHERS)).then(function (docs) {
        docs.forEach(function (doc) {
          var shown = excerpt(doc.arabic, keys, "ar");  // (the English if it shows why)
          if (!shown.querySelector("mark") && doc.english.trim()) {
            var english = excerpt(doc.english, keys, "en");
            if (english.querySelector("mark")) shown = english;
          }
          var link = document.createElement("a");
          link.href = new URL(doc.url, root).href;
          link.append.apply(link, withWhy([shown], doc, keys));
          details.append(link);
        });
        if (ids.length > MAX_OTHERS) {
          var rest = document.createElement("p");
          rest.className = "digest-search-meta";
          rest.textContent = "… and " + (ids.length - MAX_OTHERS) + " more in the article.";
          details.append(rest);
        }
      });
    });
    return details;
  }

  // A "more results" button after the list, made once.
  var moreButton = document.createElement("button");
  moreButton.type = "button";
  moreButton.className = "digest-search-more-results";
  moreButton.hidden = true;
  list.after(moreButton);

  function show(result, docs, pageOthers) {
    docs.forEach(function (doc, i) {
      var item = document.createElement("li");
      item.className = "digest-search-result";
      var link = document.createElement("a");
      link.href = new URL(doc.url, root).href;
      var arabic = document.createElement("span");
      arabic.lang = "ar";
      arabic.dir = "rtl";
      arabic.textContent = doc.titleAr;
      var heading = document.createElement("p");
      heading.className = "digest-search-title";
      if (doc.title) {
        link.textContent = doc.title;
        heading.append(link, " · ", arabic);
      } else {
        link.append(arabic);  // the title is not translated yet
        heading.append(link);
      }
      item.append(heading);
      if (doc.date || doc.label) {
        var info = document.createElement("p");
        info.className = "digest-search-meta";
        info.textContent = [doc.label, doc.date].filter(Boolean).join(" · ");
        item.append(info);
      }
      var texts = [excerpt(doc.arabic, result.keys, "ar")];
      if (doc.english.trim()) texts.push(excerpt(doc.english, result.keys, "en"));
      item.append.apply(item, withWhy(texts, doc, result.keys));
      if (pageOthers[i].length) item.append(others(pageOthers[i], result.keys));
      list.append(item);
    });
  }

  function pageOf(id) { return lastAtMost(meta.page_starts, id); }

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      moreButton.hidden = true;
      status.textContent = "";
      return;
    }
    search(query).then(function (result) {
      var ranked = result.pages;
      // Results come RESULTS at a time: only their paragraphs' text is fetched.
      var next = 0;
      function more() {
        var part = ranked.slice(next, next + RESULTS);
        next += part.length;
        return documents(part.map(function (p) { return p.id; })).then(function (docs) {
          if (ticket !== latest) return;
          show(result, docs, part.map(function (p) { return p.others; }));
          moreButton.hidden = next >= ranked.length;
          moreButton.textContent = "Show more results (" + next + " of " + ranked.length + " shown)";
          moreButton.onclick = more;
        });
      }
      list.replaceChildren();
      moreButton.hidden = true;
      status.textContent = ranked.length
        ? ranked.length + (ranked.length === 1 ? " page" : " pages") + " found"
        : "Nothing found for “" + query + "”.";
      return more().then(function () { form.setAttribute("data-state", "done"); });
    }).catch(function (error) {
      status.textContent = "The search index could not be loaded (" + error.message + ").";
      form.setAttribute("data-state", "error");
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    form.setAttribute("data-state", "busy");
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  load("meta.json").then(function (loaded) {
    meta = loaded;
    clitics = new RegExp("^(?:" + meta.clitics + ")$");
    stopWords = new Set(meta.stop_words);
    shardNumbers = new Map(meta.shards.map(function (name, n) { return [name, n]; }));
    blockOffsets = meta.blocks.map(function (block) { return block.offset; });
    // For checking that the page folds words as the index was built (tests/test_browser.py).
    window.digestSearch = { words: words, indexKeys: indexKeys, queryKeys: queryKeys };
    input.value = new URL(window.location.href).searchParams.get("q") || "";
    form.setAttribute("data-state", "ready");
    if (input.value) run();
  });
})();
