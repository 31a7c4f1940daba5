export * from './adf.types';
export * from './adf-to-html';
export * from './text-to-adf';
export * from './adf-to-wiki';
