// @nnts/report from CommonJS: vega and vega-lite are ES modules with top-level await, which require
// cannot load, so the package loads them with import(); the report must still be drawn and written.
const { readFileSync } = require('node:fs');
const { loadIris, standardize } = require('@nnts/datasets');
const { dense } = require('@nnts/layers');
const { CrossEntropy } = require('@nnts/losses');
const { confusionMatrixChart, liveReport, renderSvg } = require('@nnts/report');
const { Adam, Sequential } = require('@nnts/train');

async function main() {
  const iris = loadIris();
  const model = new Sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 3, activation: 'softmax' })], { inputShape: [4], loss: new CrossEntropy(), seed: 1 });
  const report = await liveReport({ file: 'out/report-cjs/index.html', title: 'iris' });
  model.fit(standardize(iris.data), iris.target, { optimizer: new Adam({ learningRate: 0.05 }), epochs: 3, metrics: ['accuracy'], verbose: 'silent', callbacks: [report] });
  const page = readFileSync(report.file, 'utf8');
  const svg = await renderSvg(confusionMatrixChart([[1, 0], [0, 1]]));
  console.log(JSON.stringify({ finished: page.includes('training finished: 3 of 3 epochs'), charts: (page.match(/<svg /g) ?? []).length, svg: svg.startsWith('<svg ') }));
}
main();
