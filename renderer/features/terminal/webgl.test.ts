import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer } from './webgl.js';

describe('isSoftwareRenderer', () => {
  it('recognises the software rasterisers headless browsers and VMs use', () => {
    // The string this machine's headless Chromium reports.
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11)')).toBe(true);
  });

  it('takes real GPUs as hardware', () => {
    expect(isSoftwareRenderer('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(false);
    expect(isSoftwareRenderer('NVIDIA GeForce RTX 3060/PCIe/SSE2')).toBe(false);
    expect(isSoftwareRenderer('AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.7, DRM 3.49)')).toBe(false);
  });
});
