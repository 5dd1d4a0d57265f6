namespace Optimus.Inference.Gguf;

/// <summary>An array value in a GGUF header, recorded by element type and length only.</summary>
internal sealed record GgufArray(GgufType ElementType, ulong Count);
