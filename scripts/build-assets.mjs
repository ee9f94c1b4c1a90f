// Builds the front-end assets into src/withus/static/dist/ (git-ignored).
// Run by `make assets`; needs only `npm ci` first. Fails loudly on any error.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/withus/static/dist");
mkdirSync(out, { recursive: true });

const css = compile(join(root, "assets/withus.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "withus.css"), css.css);

const govuk = join(root, "node_modules/govuk-frontend/dist/govuk");
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`assets built in ${out}`);
