import { parseDockerfile, type DockerfileModel } from './dockerfile';

/**
 * Parsed Dockerfiles kept between lints by a caller that lints the same files again and again (the
 * language server): a Dockerfile's text is parsed once, whether it is linted itself or read by the
 * Compose files that build it, and the facts the rules derive from a model (its shell commands,
 * layers, final-stage user) are derived once with it. Keyed by location and checked against the
 * text, so a changed file is parsed anew. A model depends on its text alone, so a kept one is exactly
 * what parsing again would give.
 *
 * The least recently used models go first when more than `maxModels` are kept or their texts add up
 * to more than `maxCharacters` (a model takes some 50 times its text's memory).
 */
export class DockerfileModels {
  private readonly models = new Map<string, { text: string; model: DockerfileModel }>();
  private characters = 0;

  constructor(
    private readonly maxModels = 64,
    private readonly maxCharacters = 1_000_000,
  ) {}

  /** The model of `text`, the Dockerfile at `location`. */
  parse(location: string, text: string): DockerfileModel {
    const kept = this.models.get(location);
    if (kept) this.forget(location, kept.text);
    const model = kept?.text === text ? kept.model : parseDockerfile(text);
    this.models.set(location, { text, model });
    this.characters += text.length;
    for (const [oldest, { text: oldText }] of this.models) {
      if (this.models.size <= this.maxModels && this.characters <= this.maxCharacters) break;
      this.forget(oldest, oldText);
    }
    return model;
  }

  /** How many models are kept. */
  get size(): number {
    return this.models.size;
  }

  private forget(location: string, text: string): void {
    this.models.delete(location);
    this.characters -= text.length;
  }
}

/** The model of a Dockerfile's text, through the caller's kept models when it has them. */
export function parseDockerfileAt(location: string, text: string, kept: DockerfileModels | undefined): DockerfileModel {
  return kept ? kept.parse(location, text) : parseDockerfile(text);
}
