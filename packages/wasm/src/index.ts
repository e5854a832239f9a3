export { loadWasmBackend } from './wasm-backend';
