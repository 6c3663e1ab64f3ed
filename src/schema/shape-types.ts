/**
 * The shape of one version's schema as plain data (see schema-shape.ts); the
 * generated `shape.ts` files import only this, so it imports nothing.
 */

export interface ShapeMember {
  /** The type name; `[T]` for a list. */
  readonly type: string;
  readonly optional?: true;
  readonly deprecated?: true;
}

export type ShapeMembers = Readonly<Record<string, ShapeMember>>;

export interface ShapeType {
  readonly kind: 'enum' | 'struct' | 'union' | 'alternate';
  /** Struct members (its bases' first), or a union's common members. */
  readonly members?: ShapeMembers;
  /** Enum values. */
  readonly values?: readonly string[];
  readonly deprecatedValues?: readonly string[];
  /** Union: discriminator value → branch type (`''` for none); alternate: branch → type. */
  readonly variants?: Readonly<Record<string, string>>;
  readonly deprecated?: true;
}

export interface ShapeEntry {
  /** Arguments (commands) or data (events), named type expanded. */
  readonly members?: ShapeMembers;
  /** A boxed command's or event's argument type. */
  readonly boxed?: string;
  readonly returns?: string;
  readonly deprecated?: true;
}

export interface SchemaShape {
  readonly types: Readonly<Record<string, ShapeType>>;
  readonly commands: Readonly<Record<string, ShapeEntry>>;
  readonly events: Readonly<Record<string, ShapeEntry>>;
}
