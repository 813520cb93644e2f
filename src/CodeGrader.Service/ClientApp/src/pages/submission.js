// One submission in the author view: the code with its diagnostics, and every test with its call, expected and actual
// values, diff, output and time; the submission's peak memory and timings.
import { api } from "../api.js";
import { createViewer } from "../editor.js";
import { diagnosticList, testTable, verdictBanner } from "../results.js";
import { formatBytes, formatMs, h, label, message, page } from "../dom.js";

export async function submissionPage(id) {
  let s;
  try {
    s = await api(`/submissions/${id}`);
  } catch (error) {
    page(`Submission ${id}`, message(error.message, "error"));
    return;
  }
  const code = h("div", { class: "editor" });
  const report = s.report;
  page(`Submission ${id}`,
    h("p", { class: "muted" },
      `${s.exercise} version ${s.exercise_version} · ${s.submitted_by?.name ?? ""} · ${label(s.status)} · sent ${new Date(s.created_at).toLocaleString()}`),
    report ? verdictBanner(report) : message(s.error ?? `Not graded yet: ${label(s.status)}.`),
    report ? h("p", { class: "muted" },
      `peak memory ${formatBytes(report.peak_memory_bytes) || "not measured"} · total ${formatMs(report.timings?.total_ms)} · tests ${formatMs(report.timings?.tests_ms)} · ${report.sandbox?.description ?? ""}`) : null,
    h("h2", {}, "Code"), code,
    report ? diagnosticList(report.diagnostics) : null,
    report?.error ? h("pre", { class: "error" }, `${report.error.type}: ${report.error.message}\n${report.error.traceback ?? ""}`) : null,
    report ? testTable(report.tests, "Tests (author view)") : null);
  const viewer = createViewer(code, { doc: s.source ?? "", label: "Submitted code" });
  if (report) viewer.mark(report.diagnostics ?? []);
}
