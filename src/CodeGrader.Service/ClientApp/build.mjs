// Bundles the web page into ../wwwroot: app.js (one script, no inline code, no eval), app.css, index.html.
// Run by the service's build (CodeGrader.Service.csproj, target ClientAppBuild) after `npm ci`.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";

const out = new URL("../wwwroot/", import.meta.url);
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: "src/main.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out.pathname,
  legalComments: "linked",
  logLevel: "warning",
});
await build({
  entryPoints: { app: "src/app.css" },
  bundle: true,
  minify: true,
  outdir: out.pathname,
  logLevel: "warning",
});
await copyFile(new URL("src/index.html", import.meta.url), new URL("index.html", out));
