import { IsObject, IsOptional, IsString, Matches, MaxLength, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Kubernetes caps the annotations of one object at 256 KiB in total. */
const ANNOTATIONS_LIMIT = 256 * 1024;

const keyIsQualified = (key: string): boolean => {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  return qualifiedName.test(key) && name.length <= 63 && (slash < 0 || slash <= 253);
};

@ValidatorConstraint({ name: 'labels' })
class LabelsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'object' && value !== null && Object.entries(value).every(([key, v]) => keyIsQualified(key) && typeof v === 'string' && v.length <= 63 && labelValue.test(v));
  }
  defaultMessage(): string {
    return 'keys must be qualified names and values at most 63 characters of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  }
}

@ValidatorConstraint({ name: 'annotations' })
class AnnotationsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    let size = 0;
    for (const [key, v] of Object.entries(value)) {
      if (!keyIsQualified(key) || typeof v !== 'string') return false;
      size += key.length + v.length;
    }
    return size <= ANNOTATIONS_LIMIT;
  }
  defaultMessage(): string {
    return `keys must be qualified names, values strings, and the total size at most ${ANNOTATIONS_LIMIT} bytes`;
  }
}

/** The metadata every written object carries, checked at the edge before any command runs. */
export class ObjectMetaDto {
  @IsOptional()
  @IsString()
  @MaxLength(253)
  @Matches(dnsSubdomain, { message: "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character" })
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  generateName?: string;

  @IsOptional()
  @IsString()
  namespace?: string;

  @IsOptional()
  @IsObject()
  @Validate(LabelsConstraint)
  labels?: Record<string, string>;

  @IsOptional()
  @IsObject()
  @Validate(AnnotationsConstraint)
  annotations?: Record<string, string>;
}
