namespace Stratus.Service;

/// <summary>
/// Any other event kind (sqs, sns, s3, stream, eventBridge, websocket, alb, ...), kept as written.
/// </summary>
/// <param name="Kind">The event key, such as <c>sqs</c>.</param>
/// <param name="Node">The event's value as written.</param>
public sealed record OtherEvent(string Kind, ConfigNode Node) : FunctionEvent(Node.At);
