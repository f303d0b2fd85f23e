/**
 * Values as Terraform would evaluate them, in the shapes the conversions between HCL and the API share: a block
 * is its arguments by name, and each nested block (at most one of each kind in our resources) by its type.
 */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface BlockValue {
  arguments: Record<string, Value>;
  blocks: Record<string, BlockValue>;
}
