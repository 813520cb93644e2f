// The candidate's page: the statement beside the editor; Run samples (full results), Submit (hidden tests as name,
// status and time, live over Server-Sent Events), diagnostics marked in the editor, custom input for program exercises,
// the draft kept in localStorage, and an invitation's time and attempts left.
import { api, ApiError, currentInvitation } from "../api.js";
import { createEditor } from "../editor.js";
import { diagnosticList, testRow, testTable, verdictBanner } from "../results.js";
import { clear, formatBytes, formatMs, h, label, message, page } from "../dom.js";

const draftKey = (id) => `codegrader:draft:${id}`;

export async function candidatePage(id, session) {
  let exercise;
  try {
    exercise = await api(`/exercises/${encodeURIComponent(id)}`);
  } catch (error) {
    page("Exercise", message(error instanceof ApiError && error.status === 404 ? `There is no exercise '${id}' for this key.` : error.message, "error"));
    return;
  }
  // Only an invitation's holder asks for it: the API refuses anyone else, and the page asks for nothing it would refuse.
  const invitation = session?.role === "invitee" ? await currentInvitation() : null;
  const results = h("section", { class: "results", "aria-label": "Results", "aria-live": "polite" });
  const statement = h("section", { class: "statement card", "aria-label": "Statement" });
  statement.innerHTML = exercise.statement_html; // rendered and sanitized by the server (Markdig, no raw HTML, no javascript: links)
  const editorHost = h("div", { class: "editor", id: "editor" });
  const stdin = exercise.kind === "program"
    ? h("textarea", { id: "stdin", rows: 4, spellcheck: "false", "aria-describedby": "stdin-help" }, exercise.samples?.[0]?.stdin ?? "")
    : null;
  const buttons = h("div", { class: "actions" });
  const limits = exercise.limits;

  page(exercise.title,
    h("p", { class: "muted" },
      `${exercise.kind} exercise${exercise.entry ? `: define ${exercise.entry}` : ""} · time ${formatMs(limits.time_ms)} per test · memory ${formatBytes(limits.memory_bytes)}`),
    invitationBar(invitation),
    h("div", { class: "workspace" },
      statement,
      h("section", { class: "code", "aria-label": "Your solution" },
        h("p", { id: "editor-help", class: "help" }, "Tab indents; press Escape then Tab to leave the editor. Ctrl-F finds. Your draft is kept in this browser."),
        editorHost,
        stdin ? h("div", { class: "stdin" },
          h("label", { for: "stdin" }, "Custom input (stdin)"),
          h("p", { id: "stdin-help", class: "help" }, "Run with input runs your program on this text; Run samples and Submit use the exercise's tests."),
          stdin) : null,
        buttons)),
    results);

  const saved = localStorage.getItem(draftKey(id));
  const editor = createEditor(editorHost, {
    doc: saved ?? exercise.starter ?? "",
    label: "Solution (Python)",
    onChange: (text) => localStorage.setItem(draftKey(id), text),
  });

  const busy = (flag) => buttons.querySelectorAll("button").forEach((b) => { b.disabled = flag; });
  const run = async (withInput) => {
    busy(true);
    clear(results).append(message(withInput ? "Running with your input…" : "Running the samples…"));
    try {
      const body = { exercise: exercise.id, source: editor.text() };
      if (withInput) body.stdin = stdin.value;
      const answer = await api("/runs", { method: "POST", body });
      if (withInput) {
        showProgramRun(answer, editor, results);
        return;
      }
      const report = answer.report;
      editor.mark(report.diagnostics ?? []);
      clear(results).append(
        h("h2", {}, "Samples"),
        verdictBanner(report),
        diagnosticList(report.diagnostics) ?? "",
        testTable(report.tests, "Sample tests"));
    } catch (error) {
      clear(results).append(message(error.message, "error"));
    } finally {
      busy(false);
    }
  };
  const submit = async () => {
    busy(true);
    clear(results).append(message("Submitting…"));
    try {
      const submission = await api("/submissions", { method: "POST", body: { exercise: exercise.id, source: editor.text() } });
      await watch(submission.id, editor, results);
      if (invitation) document.querySelector(".invitation")?.replaceWith(invitationBar(await currentInvitation() ?? invitation));
    } catch (error) {
      clear(results).append(message(error.message, "error"));
    } finally {
      busy(false);
    }
  };
  buttons.append(
    h("button", { type: "button", id: "run", onclick: () => run(false) }, "Run samples"),
    stdin ? h("button", { type: "button", id: "run-input", onclick: () => run(true) }, "Run with input") : "",
    h("button", { type: "button", id: "submit", class: "primary", onclick: submit }, "Submit"),
    h("button", { type: "button", id: "reset", class: "link", onclick: () => {
      if (confirm("Replace your code with the starter code?")) editor.setText(exercise.starter ?? "");
    } }, "Reset to starter"));
  if (!exercise.samples?.length) buttons.querySelector("#run").hidden = true;
}

/** Follows a submission's live events: a row per test as it finishes, then the verdict and score. */
function watch(id, editor, results) {
  const rows = h("tbody", {});
  const progress = h("p", { class: "progress", role: "status" }, "Queued…");
  clear(results).append(
    h("h2", {}, `Submission ${id}`),
    progress,
    h("table", { class: "tests" },
      h("caption", {}, "Tests as they finish"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "test"), h("th", { scope: "col" }, "status"), h("th", { scope: "col" }, "time"), h("th", { scope: "col" }, "details"))),
      rows));
  let finished = 0;
  return new Promise((resolve) => {
    const events = new EventSource(`/api/v1/submissions/${id}/events`);
    events.addEventListener("test", (event) => {
      const test = JSON.parse(event.data);
      finished += 1;
      progress.textContent = `Running… ${finished} test${finished === 1 ? "" : "s"} finished`;
      rows.append(testRow(test));
    });
    events.addEventListener("report", (event) => {
      events.close();
      const report = JSON.parse(event.data);
      progress.textContent = `Done: ${finished} tests`;
      editor.mark(report.diagnostics ?? []);
      progress.after(verdictBanner(report), diagnosticList(report.diagnostics) ?? "");
      resolve();
    });
    events.addEventListener("end", (event) => {
      events.close();
      const submission = JSON.parse(event.data);
      progress.textContent = `Ended without a report: ${label(submission.status)}${submission.error ? ` (${submission.error})` : ""}`;
      resolve();
    });
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) {
        progress.textContent = "The live connection was lost; open the page again to see the result.";
        resolve();
      }
    };
  });
}

function invitationBar(invitation) {
  if (!invitation) return h("span", { class: "invitation", hidden: true });
  const left = h("span", { class: "time-left" });
  const update = () => {
    const seconds = Math.max(0, Math.round((new Date(invitation.expires_at) - Date.now()) / 1000));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    left.textContent = seconds === 0 ? "time is up" : `${hours ? `${hours} h ` : ""}${minutes} min ${seconds % 60} s left`;
    return seconds;
  };
  update();
  const timer = setInterval(() => { if (!left.isConnected || update() === 0) clearInterval(timer); }, 1000);
  return h("p", { class: "invitation card", role: "note" },
    left, " · ",
    h("span", { class: "attempts-left" }, `${invitation.attempts_left} of ${invitation.max_attempts ?? invitation.attempts_used + invitation.attempts_left} attempts left`));
}

// A program run on the candidate's own input (POST /runs with stdin): its outcome, output and error output, time and
// memory; a syntax error marked at its line. The input is the candidate's, so all of it may be shown.
const outcomeNames = {
  ok: "Ran to the end",
  runtime_error: "Runtime error",
  time_limit: "Time limit exceeded",
  memory_limit: "Memory limit exceeded",
  output_limit: "Output limit exceeded",
  compile_error: "Syntax error",
  internal_error: "Internal error",
};

function showProgramRun(run, editor, results) {
  const diagnostics = run.outcome === "compile_error" && run.line
    ? [{ severity: "error", message: run.message ?? "syntax error", line: run.line, column: run.column }]
    : [];
  editor.mark(diagnostics);
  const facts = [`${formatMs(run.time_ms)}`];
  if (run.exit_code !== null && run.exit_code !== undefined) facts.push(`exit code ${run.exit_code}`);
  if (run.peak_memory_bytes) facts.push(formatBytes(run.peak_memory_bytes));
  clear(results).append(
    h("h2", {}, "Run with your input"),
    h("p", { class: `outcome outcome-${run.outcome}` }, `${outcomeNames[run.outcome] ?? run.outcome} (${facts.join(", ")})`),
    run.message ? h("p", { class: "message" }, run.message) : "",
    h("h3", {}, "Output"),
    h("pre", { class: "output" }, run.stdout || "(nothing)"),
    run.stderr ? h("h3", {}, "Error output") : "",
    run.stderr ? h("pre", { class: "output" }, run.stderr) : "",
    run.output_truncated ? h("p", { class: "help" }, "The output was cut at the exercise's limit.") : "");
}
