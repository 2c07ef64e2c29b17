using System;

namespace Stratus.Functions.Internal;

/// <summary>
/// A context that carries the clock its deadline is measured with, so durations use the same clock.
/// </summary>
internal interface ITimeProviderSource
{
    TimeProvider TimeProvider { get; }
}
