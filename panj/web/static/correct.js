// The event page's correction forms: each posts JSON to /api/events/{id}/corrections with the token as the
// X-Panj-Token header (the server refuses any write without it), then reloads the page or shows the one-line error.
(function () {
  const section = document.getElementById("corrections");
  if (!section) return;
  const eventId = section.dataset.event;
  const token = document.getElementById("token");
  const by = document.getElementById("by");
  const result = document.getElementById("correct-result");
  token.value = sessionStorage.getItem("panj-token") || "";
  by.value = localStorage.getItem("panj-analyst") || "";

  section.querySelectorAll("form[data-action]").forEach((form) => {
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const action = form.dataset.action;
      const body = { action: action, note: data.get("note") || "", by: by.value || null };
      if (action === "set") body.set = { [data.get("field")]: data.get("value") || "" };
      if (action === "merge") body.events = [data.get("other")];
      if (action === "split") body.mentions = data.getAll("mention");
      if (action === "withdraw") body.correction = data.get("correction");
      sessionStorage.setItem("panj-token", token.value);
      localStorage.setItem("panj-analyst", by.value);
      result.className = "small";
      result.textContent = "saving…";
      let res, out;
      try {
        res = await fetch("/api/events/" + encodeURIComponent(eventId) + "/corrections", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Panj-Token": token.value },
          body: JSON.stringify(body),
        });
        out = await res.json();
      } catch (err) {
        result.className = "small error";
        result.textContent = "not saved: " + err;
        return;
      }
      if (!res.ok) {
        const detail = typeof out.detail === "string" ? out.detail : JSON.stringify(out.detail);
        result.className = "small error";
        result.textContent = "not saved: " + detail;
        return;
      }
      result.textContent = out.lines.join("\n");
      window.location.assign(out.next);
    });
  });
})();
