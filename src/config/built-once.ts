// Schemas are built on first use, not when their module loads: a function pays only for the schemas its requests
// need (the environment's on its first request; the configuration's only where configuration is read).

/** `build`'s result, made on the first call and returned by every later one. */
export function builtOnce<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
