using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

public sealed class HandlerNameTests
{
    private static readonly string[] Registered = ["Users.GetUserHandler", "Users.CreateUserHandler"];

    [Theory]
    [InlineData("Users::Users.GetUserHandler", "Users.GetUserHandler")]
    [InlineData("Users::Users.GetUserHandler::HandleAsync", "Users.GetUserHandler")]
    [InlineData("Users.GetUserHandler", "Users.GetUserHandler")]
    [InlineData("  Users::Users.GetUserHandler  ", "Users.GetUserHandler")]
    [InlineData("Users::Outer+Nested", "Outer+Nested")]
    public void ParseTypeName_AcceptedForms_ReturnTheTypeName(string handler, string expected)
    {
        Assert.Equal(expected, HandlerName.ParseTypeName(handler));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a::b::c::d")]
    [InlineData("Users::")]
    public void ParseTypeName_Unusable_ReturnsNull(string? handler)
    {
        Assert.Null(HandlerName.ParseTypeName(handler));
    }

    [Fact]
    public void TrySelect_RegisteredType_SelectsIt()
    {
        var found = HandlerName.TrySelect("Users::Users.CreateUserHandler::Run", Registered, out var selected, out _);

        Assert.True(found);
        Assert.Equal("Users.CreateUserHandler", selected);
    }

    [Fact]
    public void TrySelect_TypeNameInOtherCase_IsNotAMatch()
    {
        var found = HandlerName.TrySelect("Users::users.getuserhandler", Registered, out _, out var error);

        Assert.False(found);
        Assert.Contains("'users.getuserhandler'", error);
    }

    [Fact]
    public void TrySelect_UnknownType_ExplainsAndListsRegistered()
    {
        HandlerName.TrySelect("Users::Users.DeleteUserHandler", Registered, out _, out var error);

        Assert.Equal(
            "_HANDLER 'Users::Users.DeleteUserHandler' names type 'Users.DeleteUserHandler', "
            + "which is not a registered handler. "
            + "Registered handlers: 'Users.GetUserHandler', 'Users.CreateUserHandler'. "
            + "Fix: set the function's handler in serverless.yml to 'Assembly::Namespace.TypeName' "
            + "of a registered handler, or register the type with AddHandler.",
            error);
    }

    [Fact]
    public void TrySelect_HandlerUnset_SaysSo()
    {
        HandlerName.TrySelect(null, Registered, out _, out var error);

        Assert.StartsWith("_HANDLER is not set, so no handler can be selected.", error);
    }

    [Fact]
    public void TrySelect_NothingRegistered_SaysHowToRegister()
    {
        HandlerName.TrySelect("A::B", [], out _, out var error);

        Assert.Contains("No handlers are registered; call app.AddHandler<THandler>()", error);
    }

    [Fact]
    public void Of_NestedType_UsesTheRuntimeFullName()
    {
        Assert.Equal("Stratus.Functions.Tests.HandlerNameTests+Nested", HandlerName.Of(typeof(Nested)));
    }

    private sealed class Nested
    {
    }
}
