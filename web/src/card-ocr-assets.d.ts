// The URLs of the self-hosted OCR files (web/card-ocr-assets.ts emits the files and this module).
declare module 'virtual:card-ocr-assets' {
  export const ocrAssets: { workerPath: string; corePath: string; langPath: string };
}
