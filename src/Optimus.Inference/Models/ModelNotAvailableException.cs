namespace Optimus.Inference.Models;

/// <summary>No model could be found or obtained; the message says how to pass one.</summary>
public sealed class ModelNotAvailableException(string message, Exception? inner = null) : Exception(message, inner);
