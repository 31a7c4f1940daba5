import {
  AmbientLight,
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DirectionalLight,
  DoubleSide,
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
  private readonly meshes: Mesh[] = [];
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
    this.scene.add(new AmbientLight(0xffffff, 0.9));
    const light = new DirectionalLight(0xffffff, 1.6);
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

  setParts(parts: ModelPart[]): void {
    for (const part of parts) {
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new BufferAttribute(part.positions, 3));
      if (part.index) geometry.setIndex(new BufferAttribute(part.index, 1));
      if (part.normals && part.normals.length === part.positions.length)
        geometry.setAttribute('normal', new BufferAttribute(part.normals, 3));
      else geometry.computeVertexNormals();
      const colour = part.colour ? new Color(...part.colour) : new Color('#8fa3b8');
      const material = new MeshStandardMaterial({
        color: colour,
        metalness: 0.1,
        roughness: 0.6,
        side: DoubleSide,
        clippingPlanes: [],
      });
      const mesh = new Mesh(geometry, material);
      mesh.name = part.name;
      this.meshes.push(mesh);
      this.scene.add(mesh);
    }
    this.bounds = new Box3().setFromObject(this.scene);
    this.fit();
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
    for (const mesh of this.meshes) (mesh.material as MeshStandardMaterial).clippingPlanes = planes;
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
    cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.controls.dispose();
    for (const mesh of this.meshes) {
      mesh.geometry.dispose();
      (mesh.material as MeshStandardMaterial).dispose();
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
