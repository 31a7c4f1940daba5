export * from './adf.types';
export * from './adf-to-html';
export * from './text-to-adf';
