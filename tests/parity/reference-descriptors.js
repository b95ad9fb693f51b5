#!/usr/bin/env node
// Reference face descriptors for the matcher parity test.
//
// Usage: node reference-descriptors.js CHIP_DIR OUTPUT_JSON
// CHIP_DIR holds *.rgb files: 150x150 aligned face chips, 8-bit RGB, row-major, no header.
// Writes {"<file name>": [128 numbers], ...} computed by the published face-api
// FaceRecognitionNet on TensorFlow.js's pure-JavaScript CPU backend (no native code).
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const CHIP_SIZE = 150;

async function main () {
  const [chipDir, outPath] = process.argv.slice(2);
  if (!chipDir || !outPath) {
    console.error('usage: reference-descriptors.js CHIP_DIR OUTPUT_JSON');
    process.exit(2);
  }

  await tf.setBackend('cpu');
  await tf.ready();

  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, 'face_recognition_model-weights_manifest.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(modelDir, 'face_recognition_model.bin'));
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const weightMap = tf.io.decodeWeights(buffer, manifest[0].weights);
  faceapi.nets.faceRecognitionNet.loadFromWeightMap(weightMap);

  const names = fs.readdirSync(chipDir).filter((n) => n.endsWith('.rgb')).sort();
  const out = {};
  for (const name of names) {
    const data = fs.readFileSync(path.join(chipDir, name));
    if (data.length !== CHIP_SIZE * CHIP_SIZE * 3) {
      throw new Error(`${name}: expected ${CHIP_SIZE * CHIP_SIZE * 3} bytes, found ${data.length}`);
    }
    const input = tf.tensor3d(new Uint8Array(data), [CHIP_SIZE, CHIP_SIZE, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
    input.dispose();
    out[name] = Array.from(descriptor);
  }
  fs.writeFileSync(outPath, JSON.stringify(out));
  console.log(`reference: ${names.length} descriptors on backend ${tf.getBackend()}`);
}

main().catch((err) => {
  console.error(`reference-descriptors: ${err.message}`);
  process.exit(1);
});
