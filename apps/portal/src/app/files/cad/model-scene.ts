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
  MeshStandardMaterial,
  PerspectiveCamera,
  Plane,
  Scene,
  Sphere,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { ModelPart } from './model-data';

export type Axis = 'x' | 'y' | 'z';

/** Floats (positions) drawn, hence uploaded, per task: 65,536 triangles, 2.4 MB per attribute. */
const CHUNK_FLOATS = 65_536 * 9;
/** The layer a batch is drawn on alone while it uploads. */
const STAGING = 1;

/**
 * The geometries of a part: an unindexed mesh (STL) in slices of CHUNK_FLOATS, views of the same arrays;
 * an indexed one (STEP, IGES) whole, as its index may point anywhere in its vertices.
 */
function* pieces(part: ModelPart): Generator<BufferGeometry> {
  const normals = part.normals && part.normals.length === part.positions.length ? part.normals : null;
  const step = part.index ? part.positions.length : CHUNK_FLOATS;
  for (let start = 0; start < part.positions.length; start += step) {
    const end = Math.min(start + step, part.positions.length);
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(part.positions.subarray(start, end), 3));
    if (part.index) geometry.setIndex(new BufferAttribute(part.index, 1));
    if (normals) geometry.setAttribute('normal', new BufferAttribute(normals.subarray(start, end), 3));
    else geometry.computeVertexNormals();
    yield geometry;
  }
}

const NORMALS: Record<Axis, Vector3> = {
  x: new Vector3(-1, 0, 0),
  y: new Vector3(0, -1, 0),
  z: new Vector3(0, 0, -1),
};

/**
 * A three.js view of a model's meshes: orbit (drag), pan (right-drag), zoom (wheel), a section plane
 * across one axis, and per-mesh visibility. Renders only when something changes.
 */
export class ModelScene {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(40, 1, 0.1, 1000);
  private readonly controls: OrbitControls;
  private readonly meshes: Group[] = [];
  private disposed = false;
  private readonly section = new Plane(new Vector3(-1, 0, 0), 0);
  private readonly resize: ResizeObserver;
  private bounds = new Box3();
  private frame = 0;

  constructor(private readonly host: HTMLElement) {
    // preserveDrawingBuffer: the picture stays readable (screenshots, the browser tests' pixel checks).
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.localClippingEnabled = true;
    this.renderer.setClearColor(new Color('#f4f6f8'));
    host.appendChild(this.renderer.domElement);
    const ambient = new AmbientLight(0xffffff, 0.9);
    ambient.layers.enable(STAGING);
    this.scene.add(ambient);
    const light = new DirectionalLight(0xffffff, 1.6);
    // Lit on the staging layer too, so uploading compiles the same shader the model is drawn with.
    light.layers.enable(STAGING);
    light.position.set(1, 2, 3);
    // The light follows the camera so every side the user turns to is lit.
    this.camera.add(light);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.addEventListener('change', () => this.render());
    this.resize = new ResizeObserver(() => this.fitCanvas());
    this.resize.observe(host);
    this.fitCanvas();
  }

  get canvas(): HTMLCanvasElement {
    return this.renderer.domElement;
  }

  /**
   * Adds the parts a batch at a time. Drawing is what uploads a mesh to the GPU, and a 50 MB STL uploaded
   * and drawn in one go blocked the page for seconds; so each batch alone is drawn into one pixel (its
   * upload), with a task boundary after it so the progress bar moves and input is answered, and the
   * whole model is drawn once at the end. Long unindexed meshes are split into views of their
   * transferred arrays (no copy). `progress` gets the share of vertices uploaded so far.
   */
  async setParts(parts: ModelPart[], progress: (fraction: number) => void = () => undefined): Promise<void> {
    const total = parts.reduce((sum, p) => sum + p.positions.length, 0) || 1;
    let done = 0;
    let batch: Mesh[] = [];
    for (const part of parts) {
      const colour = part.colour ? new Color(...part.colour) : new Color('#8fa3b8');
      // One material per part: the section plane and visibility act on the part as a whole.
      const material = new MeshStandardMaterial({
        color: colour,
        metalness: 0.1,
        roughness: 0.6,
        side: DoubleSide,
        clippingPlanes: [],
      });
      const group = new Group();
      group.name = part.name;
      this.meshes.push(group);
      this.scene.add(group);
      for (const geometry of pieces(part)) {
        const mesh = new Mesh(geometry, material);
        group.add(mesh);
        batch.push(mesh);
        done += geometry.getAttribute('position').array.length;
        if (
          batch.reduce((sum, m) => sum + m.geometry.getAttribute('position').array.length, 0) >= CHUNK_FLOATS
        ) {
          this.upload(batch);
          batch = [];
          progress(done / total);
          await new Promise((resolve) => setTimeout(resolve));
          if (this.disposed) return;
        }
      }
    }
    this.upload(batch);
    this.bounds = new Box3().setFromObject(this.scene);
    this.fit();
    progress(1);
  }

  /** Draws only `meshes`, into one pixel: uploads their buffers without drawing the rest again. */
  private upload(meshes: Mesh[]): void {
    if (!meshes.length) return;
    for (const mesh of meshes) {
      mesh.layers.set(STAGING);
      mesh.frustumCulled = false;
    }
    this.camera.layers.set(STAGING);
    this.renderer.setScissorTest(true);
    this.renderer.setScissor(0, 0, 1, 1);
    this.renderer.render(this.scene, this.camera);
    this.renderer.setScissorTest(false);
    this.camera.layers.set(0);
    for (const mesh of meshes) {
      mesh.layers.set(0);
      mesh.frustumCulled = true;
    }
  }

  /** Turns and moves the camera so every visible mesh is in view. */
  fit(): void {
    const box = new Box3();
    for (const mesh of this.meshes) if (mesh.visible) box.expandByObject(mesh);
    if (box.isEmpty()) box.copy(this.bounds);
    if (box.isEmpty()) return this.render();
    const sphere = box.getBoundingSphere(new Sphere());
    const radius = Math.max(sphere.radius, 1e-6);
    const distance = radius / Math.sin((this.camera.fov * Math.PI) / 360);
    const direction = new Vector3(1, 0.8, 1.2).normalize();
    this.camera.position.copy(sphere.center).addScaledVector(direction, distance * 1.1);
    this.camera.near = distance / 100;
    this.camera.far = distance * 100;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(sphere.center);
    this.controls.update();
    this.render();
  }

  setVisible(indices: number[], visible: boolean): void {
    for (const i of indices) if (this.meshes[i]) this.meshes[i].visible = visible;
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
    for (const group of this.meshes)
      for (const mesh of group.children as Mesh[])
        (mesh.material as MeshStandardMaterial).clippingPlanes = planes;
    this.render();
  }

  render(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderer.render(this.scene, this.camera);
    });
  }

  dispose(): void {
    this.disposed = true;
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.controls.dispose();
    for (const group of this.meshes) {
      for (const mesh of group.children as Mesh[]) {
        mesh.geometry.dispose();
        (mesh.material as MeshStandardMaterial).dispose();
      }
    }
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }

  private fitCanvas(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(width, height);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.render();
  }
}
