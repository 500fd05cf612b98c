import { describe, expect, it } from "vitest";
import { linkOffered, pageAccess } from "./page-access";
import { safeReturnPath, signInUrl } from "./urls";

describe("page access", () => {
  it("opens only sign-in, setup and share links; uploads and admin need their roles", () => {
    expect(pageAccess("/sign-in")).toBe("public");
    expect(pageAccess("/setup")).toBe("public");
    expect(pageAccess("/share/abc")).toBe("public");
    expect(pageAccess("/share")).toBe("viewer");
    expect(pageAccess("/sign-in-elsewhere")).toBe("viewer");
    expect(pageAccess("/upload")).toBe("uploader");
    expect(pageAccess("/admin/users")).toBe("admin");
    expect(pageAccess("/")).toBe("viewer");
    expect(pageAccess("/completeness")).toBe("viewer");
    expect(pageAccess("/some/page/added/later")).toBe("viewer");
  });
});

describe("return paths", () => {
  it("keeps the exact path and query, refuses other sites", () => {
    expect(signInUrl("/events?range=7d&name=CreateCacheCluster")).toBe(
      "/sign-in?next=%2Fevents%3Frange%3D7d%26name%3DCreateCacheCluster",
    );
    expect(signInUrl("/")).toBe("/sign-in");
    expect(safeReturnPath("//evil.example/x")).toBe("/");
    expect(safeReturnPath("/\\evil.example")).toBe("/");
    expect(safeReturnPath("https://evil.example")).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });
});

describe("which links a role is offered", () => {
  it("offers a page's link to the roles that may open it, or that may do what the link is for", () => {
    expect(linkOffered("viewer", "/upload")).toBe(false);
    expect(linkOffered("uploader", "/upload?x=1")).toBe(true);
    expect(linkOffered("viewer", "/events")).toBe(true);
    expect(linkOffered("viewer", "/sources", "admin")).toBe(false);
    expect(linkOffered("admin", "/sources", "admin")).toBe(true);
    expect(linkOffered(null, "/events")).toBe(true);
    expect(linkOffered(null, "/upload")).toBe(false);
  });
});
