import type { Instruction, Property } from '../model/dockerfile-syntax';
import type { DockerfileModel } from '../model/dockerfile';
import type { TextEdit } from '../types';

/** Removes an instruction's lines, its line break included. */
export function removeInstruction(model: DockerfileModel, instruction: Instruction): TextEdit {
  const { start, end } = instruction.getRange();
  const to = end.line + 1 < model.lines.lineCount ? { line: end.line + 1, character: 0 } : model.lines.positionAt(model.text.length);
  return { range: { start: { line: start.line, character: 0 }, end: to }, newText: '' };
}

/** Removes one pair of an instruction with the separator before it (after it, for the first), or the whole instruction. */
export function removeProperty(model: DockerfileModel, instruction: Instruction, property: Property, properties: Property[]): TextEdit {
  const index = properties.indexOf(property);
  if (properties.length <= 1 || index < 0) return removeInstruction(model, instruction);
  if (index === 0) return { range: { start: property.getRange().start, end: properties[1].getRange().start }, newText: '' };
  return { range: { start: properties[index - 1].getRange().end, end: property.getRange().end }, newText: '' };
}
