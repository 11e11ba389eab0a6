// gongbao search page. The page works without this file; it adds two things: opened results
// reported, and suggestions as you type.

// Opened results: a click (or a middle click) on a hit's link tells the server which document
// of which logged search was opened, so clerks can see the searches whose results nobody opens.
// The search id is random and per search; nothing names the person (no cookie is set).
(function () {
  "use strict";
  var hits = document.querySelector("ol.hits[data-search]");
  if (!hits || !navigator.sendBeacon) {
    return;
  }
  function report(event) {
    var link = event.target.closest && event.target.closest("a[data-doc]");
    if (!link || (event.type === "auxclick" && event.button !== 1)) {
      return;
    }
    var body = JSON.stringify({
      search_id: hits.getAttribute("data-search"),
      document_id: link.getAttribute("data-doc")
    });
    navigator.sendBeacon("/api/analytics/open", body);
  }
  hits.addEventListener("click", report);
  hits.addEventListener("auxclick", report);
})();

// Suggestions as you type, in the ARIA combobox pattern: the list under the search box.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  var status = document.getElementById("suggest-status");
  if (!input || !list || !window.fetch) {
    return;
  }
  var items = [];
  var active = -1;
  var timer = 0;
  var controller = null;
  var asked = null;

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function select(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(index) {
    var chosen = items[index];
    if (!chosen) {
      return;
    }
    var query = input.value.trim();
    window.location.href = chosen.url + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  // The title as text, its matching characters in <em>; offsets count characters.
  function title(suggestion) {
    var span = document.createElement("span");
    span.className = "title";
    var chars = Array.from(suggestion.title);
    var at = 0;
    (suggestion.highlights || []).forEach(function (range) {
      span.append(chars.slice(at, range[0]).join(""));
      var em = document.createElement("em");
      em.textContent = chars.slice(range[0], range[1]).join("");
      span.append(em);
      at = range[1];
    });
    span.append(chars.slice(at).join(""));
    return span;
  }

  function show(suggestions) {
    list.textContent = "";
    items = suggestions;
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!items.length) {
      close();
      status.textContent = "";
      return;
    }
    items.forEach(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = "suggestion-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.append(title(suggestion));
      if (suggestion.doc_number) {
        var number = document.createElement("span");
        number.className = "num";
        number.textContent = suggestion.doc_number;
        option.append(number);
      }
      // mousedown, not click: the input keeps its focus and the list is not closed first.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        go(index);
      });
      list.append(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = items.length + " 条建议，可用上下方向键选择";
  }

  function suggest() {
    var query = input.value.trim();
    if (query === asked) {
      return;
    }
    asked = query;
    if (controller) {
      controller.abort();
    }
    if (!query) {
      close();
      return;
    }
    controller = new AbortController();
    fetch("/api/suggest?q=" + encodeURIComponent(query), {
      signal: controller.signal,
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (answer) {
        if (input.value.trim() === query && document.activeElement === input) {
          show(answer.suggestions || []);
        }
      })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });

  input.addEventListener("keydown", function (event) {
    if (event.isComposing) {
      return;
    }
    var open = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) {
        asked = null;
        suggest();
        return;
      }
      select(active + 1 < items.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp") {
      if (open) {
        event.preventDefault();
        select(active > 0 ? active - 1 : items.length - 1);
      }
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        go(active);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close();
        asked = null;
      }
    }
  });

  input.addEventListener("blur", function () {
    close();
    asked = null;
  });
})();
