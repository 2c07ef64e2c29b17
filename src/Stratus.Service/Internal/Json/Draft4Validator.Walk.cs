namespace Stratus.Service.Internal.Json;

internal sealed partial class Draft4Validator
{
    /// <summary>
    /// One validation's state: how deep it is and where it failed. Kept per call, not on the validator, because
    /// one model checks many requests at once.
    /// </summary>
    private sealed class Walk(List<string>? path, long deadline = long.MaxValue, int depth = 0)
    {
        /// <summary>When the validation must end (<see cref="Environment.TickCount64"/>), or long.MaxValue.</summary>
        public long Deadline { get; } = deadline;

        /// <summary>The keys and indexes to the current value, or null when failures are not recorded.</summary>
        public List<string>? Path { get; } = path;

        /// <summary>The path to the deepest value that failed so far.</summary>
        public List<string>? FailedAt { get; set; }

        /// <summary>How many schemas are being applied at once, each inside the last.</summary>
        public int Depth { get; set; } = depth;

        /// <summary>A walk at the same depth that records no failure, for 'not', where failing succeeds.</summary>
        public Walk Unrecorded() => new(path: null, Deadline, Depth);

        /// <summary>Throws once the validation has run past its deadline.</summary>
        public void CheckTime()
        {
            if (Environment.TickCount64 > Deadline)
            {
                throw new TimeoutException(
                    "checking the body ran past its time budget, as the model makes some bodies slow to check; " +
                    "simplify anyOf/allOf/oneOf branches that refer to the same definitions many times over.");
            }
        }

        /// <summary>Records a failure at the current path when it is the deepest yet; always false.</summary>
        public bool Fail()
        {
            if (Path is not null && (FailedAt is null || Path.Count > FailedAt.Count))
            {
                FailedAt = [.. Path];
            }

            return false;
        }
    }
}
