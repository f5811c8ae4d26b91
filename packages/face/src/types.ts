// Data types shared by the stages. Images are flat typed arrays, row-major, interleaved RGB.
export interface RgbImage { width: number; height: number; data: Uint8Array }

export type Point = [number, number];
/** Left eye centre, right eye centre (as seen in the image), nose tip, left and right mouth corners. */
export type FivePoints = [Point, Point, Point, Point, Point];

export interface Box { x1: number; y1: number; x2: number; y2: number }

export interface DetectedFace {
  box: Box; // pixels in the decoded (orientation-corrected) image
  landmarks: FivePoints;
  confidence: number; // detector score 0..1
}

export interface FaceQuality {
  score: number; // 0..100, higher is better
  measures: {
    interEyePx: number;
    yaw: number; pitch: number; roll: number; // degrees
    sharpness: number; // 0..1
    brightness: number; // mean luminance of the face 0..255
    contrast: number; // luminance standard deviation of the face
    eyesVisible: number; // 0..1, probability both eyes are open and visible
    mouthVisible: number; // 0..1, crude occlusion hint for the lower face
  };
  reasons: string[]; // plain words for the operator, empty when quality is good
}

export interface FaceTemplate { modelId: string; vector: Float32Array } // L2-normalised

export interface FaceAnalysis {
  width: number; height: number; // decoded image, orientation applied
  faces: DetectedFace[]; // all faces; faces[0] is the intended subject (largest and most central)
  quality: FaceQuality; // of faces[0]
  template: FaceTemplate; // of faces[0]
  liveness?: { score: number; model: string }; // probability the photo shows a live face, 0..1
}
