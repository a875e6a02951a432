global using Xunit;
global using Clusterd.Tests;
