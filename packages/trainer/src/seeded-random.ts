import type { SeededRandom } from '@confu/sampler';

/** `count` normal draws times `std`, as float32 (weight initialisation). */
export function randomNormal(random: SeededRandom, count: number, std: number): Float32Array {
  return Float32Array.from({ length: count }, () => random.normal() * std);
}
