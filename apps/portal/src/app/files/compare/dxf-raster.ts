import type { DxfViewer } from 'dxf-viewer';
import { RasterSource } from './rasterize';

/** The offscreen canvas both drawings are rendered to, in pixels. */
const SIZE = { width: 2400, height: 1700 };

/**
 * Two DXF revisions rendered offscreen to the same view — the union of both drawings' extents — so
 * that their pixels line up for the diff as two PDF pages at one scale do. dxf-viewer (and three.js)
 * load only when DXF revisions are compared.
 */
export async function dxfPair(urls: [string, string]): Promise<[RasterSource, RasterSource]> {
  const { loadDxf } = await import('../cad/dxf-preview');
  const hosts = urls.map(() => {
    const host = document.createElement('div');
    host.setAttribute('aria-hidden', 'true');
    host.style.cssText = `position:fixed;left:-${SIZE.width * 2}px;top:0;width:${SIZE.width}px;height:${SIZE.height}px;visibility:hidden`;
    document.body.appendChild(host);
    return host;
  });
  const viewers: DxfViewer[] = [];
  try {
    for (const [i, url] of urls.entries()) viewers.push(await loadDxf(hosts[i], url, undefined, SIZE));
    const bounds = viewers.map((v) => v.GetBounds()).filter((b) => b !== null);
    if (!bounds.length) throw new Error('both drawings are empty');
    const minX = Math.min(...bounds.map((b) => b.minX));
    const maxX = Math.max(...bounds.map((b) => b.maxX));
    const minY = Math.min(...bounds.map((b) => b.minY));
    const maxY = Math.max(...bounds.map((b) => b.maxY));
    for (const viewer of viewers) {
      // Each scene is stored relative to its own origin.
      const o = viewer.GetOrigin();
      viewer.FitView(minX - o.x, maxX - o.x, minY - o.y, maxY - o.y, 0.05);
      viewer.Render();
    }
    return [new DxfRaster(viewers[0], hosts[0]), new DxfRaster(viewers[1], hosts[1])];
  } catch (error) {
    viewers.forEach((v) => v.Destroy());
    hosts.forEach((h) => h.remove());
    throw error;
  }
}

class DxfRaster implements RasterSource {
  readonly pageCount = 1;
  readonly density = 2;

  constructor(
    private readonly viewer: DxfViewer,
    private readonly host: HTMLElement,
  ) {}

  async draw(page: number, canvas: HTMLCanvasElement): Promise<void> {
    canvas.width = SIZE.width;
    canvas.height = SIZE.height;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE.width, SIZE.height);
    if (page === 1) ctx.drawImage(this.viewer.GetCanvas(), 0, 0);
  }

  destroy(): void {
    this.viewer.Destroy();
    this.host.remove();
  }
}
