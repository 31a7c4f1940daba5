/// <reference lib="webworker" />
import { DxfViewer } from 'dxf-viewer';

// Parsing a drawing and building its geometry run here, off the page's thread.
DxfViewer.SetupWorker();
