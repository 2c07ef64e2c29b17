using Stratus.Functions;
using UsersService.Functions;

return await FunctionApp.RunAsync(UsersFunctions.Configure);
