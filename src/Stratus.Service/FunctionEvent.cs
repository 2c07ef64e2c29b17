namespace Stratus.Service;

/// <summary>An event that triggers a function; <see cref="At"/> is where the event is written.</summary>
/// <param name="At">Where the event is written.</param>
public abstract record FunctionEvent(SourceSpan At);
