// vnarchive web: small enhancements; every page works without them.
// A running job's numbers follow its row (server-sent events); a running job's log grows.
"use strict";

function groupDigits(value) {
  if (value === null || value === undefined) return "-";
  const vi = document.documentElement.lang === "vi";
  const text = typeof value === "number" && !Number.isInteger(value)
    ? value.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })
    : value.toLocaleString("en-US");
  return vi ? text.replace(/[,.]/g, (c) => (c === "," ? "." : ",")) : text;
}

function humanBytes(n) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let size = n, i = 0;
  while (size >= 1024 && i < units.length - 1) { size /= 1024; i += 1; }
  return i === 0 ? `${size} B` : `${size.toFixed(1)} ${units[i]}`;
}

function followJob(box) {
  const source = new EventSource(box.dataset.events);
  source.addEventListener("job", (event) => {
    const job = JSON.parse(event.data);
    document.querySelectorAll("[data-field]").forEach((el) => {
      const name = el.dataset.field;
      if (!(name in job)) return;
      let value = job[name];
      if (name === "warc_bytes") value = humanBytes(value);
      else if (name === "elapsed") value = `${groupDigits(value)} s`;
      else if (typeof value === "number") value = groupDigits(value);
      el.textContent = value === null ? "-" : value;
      if (name === "status") el.className = `badge ${job.status}`;
    });
  });
  source.addEventListener("end", () => {
    source.close();
    const live = box.querySelector(".live");
    if (live) live.remove();
  });
}

function followLog(pre) {
  const source = new EventSource(pre.dataset.follow);
  source.addEventListener("line", (event) => {
    const line = document.createElement("span");
    line.className = "line";
    line.textContent = JSON.parse(event.data).text;
    pre.append(line, "\n");
    pre.scrollTop = pre.scrollHeight;
  });
  source.addEventListener("end", () => source.close());
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.querySelector("[data-events]");
  if (job) followJob(job);
  const log = document.querySelector("[data-follow]");
  if (log) followLog(log);
});
