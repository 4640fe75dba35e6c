// Accept an unknown name: POST it to the user's knowledge-base layer (the explorer's
// token travels in its same-site cookie) and say what happened in the row.
(function () {
  "use strict";
  document.querySelectorAll("form.accept").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var out = form.querySelector("output");
      var body = {
        name: form.dataset.name,
        code: form.elements.code.value.trim(),
        sector: form.elements.sector.value.trim(),
        start: form.elements.start.value
      };
      out.textContent = "…";
      fetch("/api/unknown/accept", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().then(function (data) { return [response.ok, data]; });
      }).then(function (result) {
        if (result[0]) {
          out.textContent = "added " + result[1].entity.id + " — run detente recode";
          form.closest("tr").classList.add("accepted");
          form.querySelector("button").disabled = true;
        } else {
          out.textContent = String(result[1].detail || "refused");
        }
      }).catch(function (err) { out.textContent = String(err); });
    });
  });
})();
