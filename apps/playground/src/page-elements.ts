import { NntsError } from '@nnts/tensor';

/** The page's elements that the script fills in or listens to, by their ids in index.html. */
export function pageElements() {
  return {
    backend: element('backend', HTMLElement),
    status: element('status', HTMLElement),
    chart: element('loss-chart', HTMLCanvasElement),
    seed: element('seed', HTMLInputElement),
    stop: element('stop', HTMLButtonElement),
    restart: element('restart', HTMLButtonElement),
    sketch: element('sketch', HTMLCanvasElement),
    clear: element('clear', HTMLButtonElement),
    preview: element('preview', HTMLCanvasElement),
    prediction: element('prediction', HTMLElement),
    error: element('error', HTMLElement),
  };
}

export type PageElements = ReturnType<typeof pageElements>;

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new NntsError(`playground: index.html has no ${type.name} with id "${id}"`);
  return found;
}
