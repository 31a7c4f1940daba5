import {
  AmbientLight,
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
  Group,
  Mesh,
  MeshPhongMaterial,
  PerspectiveCamera,
  Plane,
  Scene,
  Sphere,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { Bounds, MeshData, PIECE_TRIANGLES, PreparedPart } from './model-data';

export type Axis = 'x' | 'y' | 'z';

/** Layers: full-resolution pieces, what is drawn while the model moves, the pieces of the current frame. */
const FULL = 0;
const PROXY = 1;
const NOW = 2;
/** Quiet time after the last change before the full model is drawn again. */
const SETTLE_MS = 250;
/**
 * A pass draws one piece a frame and more while frames come quickly: the page waits for each frame's
 * drawing (software WebGL reads the picture back), so the frame interval tells what the GPU manages.
 */
const FAST_FRAME_MS = 30;
const SLOW_FRAME_MS = 80;
const MAX_FRAME_TRIANGLES = 32 * PIECE_TRIANGLES;

const NORMALS: Record<Axis, Vector3> = {
  x: new Vector3(-1, 0, 0),
  y: new Vector3(0, -1, 0),
  z: new Vector3(0, 0, -1),
};

const boxOf = (bounds: Bounds): Box3 => new Box3(new Vector3(...bounds.min), new Vector3(...bounds.max));

/** A geometry over the worker's arrays; the part's box stands for its bounds (no vertex loop here). */
function geometryOf(mesh: MeshData, box: Box3): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(mesh.positions, 3));
  geometry.setAttribute('normal', new BufferAttribute(mesh.normals, 3));
  if (mesh.index) geometry.setIndex(new BufferAttribute(mesh.index, 1));
  geometry.boundingBox = box.clone();
  geometry.boundingSphere = box.getBoundingSphere(new Sphere());
  return geometry;
}

const triangles = (mesh: MeshData): number =>
  (mesh.index ? mesh.index.length : mesh.positions.length / 3) / 3;

/**
 * A three.js view of a model's meshes: orbit (drag), pan (right-drag), zoom (wheel), a section plane
 * across one axis, and per-part visibility.
 *
 * No frame draws more of the full model than the GPU draws quickly: software WebGL took seconds over a
 * 50 MB STL drawn at once, and the page waited for it (docs/performance.md). The full model is drawn
 * progressively, from one piece (PIECE_TRIANGLES) a frame up to as many as keep frames under
 * FAST_FRAME_MS, onto the kept picture (the canvas preserves its colour and depth
 * buffers; only the first frame of a pass clears them). While the view changes, each frame draws the
 * proxy the worker decimated instead; once things settle for SETTLE_MS a new pass draws the full model.
 * A model of up to PROXY_TRIANGLES is its own proxy and needs no pass after a change.
 */
export class ModelScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(40, 1, 0.1, 1000);
  private readonly controls: OrbitControls;
  private readonly groups: { group: Group; box: Box3 }[] = [];
  private readonly materials: MeshPhongMaterial[] = [];
  private readonly geometries: BufferGeometry[] = [];
  /** The full model's pieces in drawing order. */
  private pieces: { mesh: Mesh; group: Group; triangles: number; layers: number }[] = [];
  private decimated = false;
  private readonly section = new Plane(new Vector3(-1, 0, 0), 0);
  private readonly resize: ResizeObserver;
  private bounds = new Box3();
  private frame = 0;
  private settle = 0;
  private moving = false;
  /** fit() moves the camera itself: the controls' change event is not the user's. */
  private fitting = false;
  /** The next piece the running pass draws; null when no pass runs. */
  private next: number | null = null;
  /** Triangles a frame of a pass draws, adapted to the frame interval. */
  private frameTriangles = PIECE_TRIANGLES;
  private lastStep = 0;
  private passProgress: (fraction: number) => void = () => undefined;
  private passDone: (() => void)[] = [];

  /** `drawing` hears whether the full model is being drawn (true) or on the canvas (false). */
  constructor(
    private readonly host: HTMLElement,
    private readonly drawing: (busy: boolean) => void = () => undefined,
  ) {
    // preserveDrawingBuffer: the picture stays readable (screenshots, the browser tests' pixel checks), and
    // a pass draws onto what the previous frames drew.
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.localClippingEnabled = true;
    this.renderer.setClearColor(new Color('#f4f6f8'));
    host.appendChild(this.renderer.domElement);
    const ambient = new AmbientLight(0xffffff, 0.9);
    ambient.layers.enableAll();
    this.scene.add(ambient);
    const light = new DirectionalLight(0xffffff, 1.6);
    light.layers.enableAll();
    light.position.set(1, 2, 3);
    // The light follows the camera so every side the user turns to is lit.
    this.camera.add(light);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener('start', () => (this.moving = true));
    this.controls.addEventListener('change', () => {
      if (!this.fitting) this.render();
    });
    this.controls.addEventListener('end', () => {
      this.moving = false;
      this.render();
    });
    this.resize = new ResizeObserver(() => this.fitCanvas());
    this.resize.observe(host);
    this.fitCanvas();
  }

  get canvas(): HTMLCanvasElement {
    return this.renderer.domElement;
  }

  /**
   * Adds the parts the worker prepared, fits the view and draws the full model a pass of frames long
   * (each frame uploads the pieces it draws); resolves when the model is on the canvas. `progress` gets
   * the share of triangles drawn.
   */
  async setParts(
    parts: PreparedPart[],
    bounds: Bounds,
    progress: (fraction: number) => void = () => undefined,
  ): Promise<void> {
    this.bounds = boxOf(bounds);
    for (const part of parts) {
      // One material per part: the section plane and visibility act on the part as a whole.
      const material = new MeshPhongMaterial({
        color: part.colour ? new Color(...part.colour) : new Color('#8fa3b8'),
        specular: 0x222222,
        shininess: 30,
        side: DoubleSide,
        clippingPlanes: [],
      });
      this.materials.push(material);
      const group = new Group();
      group.name = part.name;
      const box = boxOf(part.bounds);
      this.groups.push({ group, box });
      this.scene.add(group);
      for (const piece of part.pieces) {
        const mesh = this.mesh(piece, box, material, group);
        // A part without a proxy is drawn whole while the model moves.
        if (!part.proxy) mesh.layers.enable(PROXY);
        this.pieces.push({ mesh, group, triangles: triangles(piece), layers: mesh.layers.mask });
      }
      if (part.proxy) {
        this.decimated = true;
        this.mesh(part.proxy, box, material, group).layers.set(PROXY);
      }
    }
    this.fit(false);
    // Shaders compile in the background where the browser can (KHR_parallel_shader_compile).
    await this.renderer.compileAsync(this.scene, this.camera);
    await this.warmUp();
    const drawn = new Promise<void>((resolve) => this.passDone.push(resolve));
    this.passProgress = progress;
    this.startPass();
    await drawn;
    this.passProgress = () => undefined;
  }

  /**
   * Draws one triangle of the first piece in a frame of its own: software WebGL compiles the shader for
   * the canvas at the first draw (a one-off, a few hundred ms on a loaded machine), which then does not
   * add up with the first piece's drawing. The pass clears it.
   */
  private async warmUp(): Promise<void> {
    const first = this.pieces[0];
    if (!first) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    first.mesh.geometry.setDrawRange(0, 3);
    first.mesh.layers.set(NOW);
    this.camera.layers.set(NOW);
    this.renderer.render(this.scene, this.camera);
    first.mesh.layers.mask = first.layers;
    first.mesh.geometry.setDrawRange(0, Infinity);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }

  private mesh(data: MeshData, box: Box3, material: MeshPhongMaterial, group: Group): Mesh {
    const geometry = geometryOf(data, box);
    this.geometries.push(geometry);
    const mesh = new Mesh(geometry, material);
    mesh.layers.set(FULL);
    group.add(mesh);
    return mesh;
  }

  /** Turns and moves the camera so every visible part is in view. */
  fit(redraw = true): void {
    const box = new Box3();
    for (const { group, box: partBox } of this.groups) if (group.visible) box.union(partBox);
    if (box.isEmpty()) box.copy(this.bounds);
    if (!box.isEmpty()) {
      const sphere = box.getBoundingSphere(new Sphere());
      const radius = Math.max(sphere.radius, 1e-6);
      const distance = radius / Math.sin((this.camera.fov * Math.PI) / 360);
      const direction = new Vector3(1, 0.8, 1.2).normalize();
      this.camera.position.copy(sphere.center).addScaledVector(direction, distance * 1.1);
      this.camera.near = distance / 100;
      this.camera.far = distance * 100;
      this.camera.updateProjectionMatrix();
      this.controls.target.copy(sphere.center);
      this.fitting = true;
      this.controls.update();
      this.fitting = false;
    }
    if (redraw) this.render();
  }

  setVisible(indices: number[], visible: boolean): void {
    for (const i of indices) if (this.groups[i]) this.groups[i].group.visible = visible;
    this.render();
  }

  /** Cuts away everything beyond `fraction` (0…1) of the model's extent along `axis`; null removes the cut. */
  setSection(axis: Axis, fraction: number | null): void {
    const planes = fraction === null ? [] : [this.section];
    if (fraction !== null) {
      const min = this.bounds.min[axis];
      const max = this.bounds.max[axis];
      this.section.normal.copy(NORMALS[axis]);
      this.section.constant = min + (max - min) * fraction;
    }
    for (const material of this.materials) material.clippingPlanes = planes;
    this.render();
  }

  /**
   * Draws the view anew: the proxy next frame and, for a decimated model, the full model once nothing
   * has changed for SETTLE_MS (a pass still running is abandoned).
   */
  render(): void {
    this.next = null;
    clearTimeout(this.settle);
    this.schedule(() => {
      this.renderer.autoClear = true;
      this.camera.layers.set(PROXY);
      this.renderer.render(this.scene, this.camera);
      // Undecimated, that was the full model.
      if (!this.decimated) this.finishPass();
    });
    if (!this.decimated) return;
    this.drawing(true);
    this.settle = window.setTimeout(() => {
      if (!this.moving) this.startPass();
    }, SETTLE_MS);
  }

  private startPass(): void {
    clearTimeout(this.settle);
    this.next = 0;
    this.drawing(true);
    this.schedule(() => this.step());
  }

  /** One frame of a pass: the next pieces, up to frameTriangles, drawn onto the picture so far. */
  private step(): void {
    if (this.next === null) return;
    const time = performance.now();
    if (this.next === 0) this.renderer.clear();
    else if (time - this.lastStep > SLOW_FRAME_MS)
      this.frameTriangles = Math.max(PIECE_TRIANGLES, this.frameTriangles / 2);
    else if (time - this.lastStep < FAST_FRAME_MS)
      this.frameTriangles = Math.min(MAX_FRAME_TRIANGLES, this.frameTriangles * 2);
    this.lastStep = time;
    const now: (typeof this.pieces)[number][] = [];
    let budget = this.frameTriangles;
    while (this.next < this.pieces.length) {
      const piece = this.pieces[this.next];
      if (!piece.group.visible) {
        this.next += 1;
        continue;
      }
      if (now.length && piece.triangles > budget) break;
      budget -= piece.triangles;
      now.push(piece);
      this.next += 1;
    }
    for (const piece of now) piece.mesh.layers.set(NOW);
    this.camera.layers.set(NOW);
    this.renderer.autoClear = false;
    this.renderer.render(this.scene, this.camera);
    for (const piece of now) piece.mesh.layers.mask = piece.layers;
    const total = this.pieces.reduce((sum, p) => sum + p.triangles, 0);
    const done = this.pieces.slice(0, this.next).reduce((sum, p) => sum + p.triangles, 0);
    this.passProgress(done / total);
    if (this.next < this.pieces.length) {
      this.schedule(() => this.step());
      return;
    }
    this.finishPass();
  }

  private finishPass(): void {
    this.next = null;
    this.drawing(false);
    for (const resolve of this.passDone.splice(0)) resolve();
  }

  private schedule(draw: () => void): void {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      draw();
    });
  }

  dispose(): void {
    this.next = null;
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settle);
    this.resize.disconnect();
    this.controls.dispose();
    for (const geometry of this.geometries) geometry.dispose();
    for (const material of this.materials) material.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }

  private fitCanvas(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    const size = this.renderer.getSize(new Vector2());
    if (size.x === width && size.y === height && this.pieces.length) return;
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    // Resizing the canvas cleared it: a pass under way starts over.
    if (this.next !== null) this.startPass();
    else if (this.pieces.length) this.render();
  }
}
