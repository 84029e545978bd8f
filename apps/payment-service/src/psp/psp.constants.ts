export const PSP_OPTIONS = Symbol('PSP_OPTIONS');
