/** Tensor names the trainer adds to training graphs (prefixed so they cannot clash with a model's). */
export const trainingNames = {
  loss: 'trainer.loss',
  gradNorm: 'trainer.grad_norm',
  stepSize: 'trainer.adamw.step_size',
  epsilon: 'trainer.adamw.epsilon',
  decayFactor: 'trainer.adamw.decay_factor',
  m: (param: string): string => `trainer.adam_m.${param}`,
  v: (param: string): string => `trainer.adam_v.${param}`,
  accumulated: (param: string): string => `trainer.grad_sum.${param}`,
  next: (name: string): string => `trainer.next.${name}`,
} as const;
