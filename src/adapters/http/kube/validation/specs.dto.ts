import { ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class ContainerDto {
  @IsString()
  @MaxLength(63)
  @Matches(dnsLabel, { message: 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "-"' })
  name!: string;

  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  image!: string;
}

export class PodSpecDto {
  @IsArray()
  @ArrayMinSize(1, { message: 'Required value' })
  @ValidateNested({ each: true })
  containers!: ContainerDto[];

  @IsOptional()
  @IsIn(['Always', 'OnFailure', 'Never'])
  restartPolicy?: string;
}

export class VirtualMachineSpecDto {
  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  className!: string;

  /** Optional: a namespace's NamespacePolicy may give a default storage class. */
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  storageClass?: string;

  @IsOptional()
  @IsIn(['PoweredOn', 'PoweredOff', 'Suspended'])
  powerState?: string;

  @IsOptional()
  @IsIn(['Hard', 'Soft', 'TrySoft'])
  powerOffMode?: string;

  @IsOptional()
  @IsIn(['Hard', 'Soft', 'TrySoft'])
  suspendMode?: string;

  @IsOptional()
  @IsIn(['Hard', 'Soft', 'TrySoft'])
  restartMode?: string;
}

export class NodePoolDto {
  @IsString()
  @Matches(dnsLabel, { message: 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "-"' })
  name!: string;

  @IsInt()
  @Min(0)
  @Max(1000)
  replicas!: number;

  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  vmClass!: string;

  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  storageClass!: string;
}

export class ControlPlaneDto {
  @IsInt()
  @IsIn([1, 3], { message: 'control plane replicas must be 1 or 3' })
  replicas!: number;

  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  vmClass!: string;

  @IsString()
  @IsNotEmpty({ message: 'Required value' })
  storageClass!: string;
}

export class TopologyDto {
  @ValidateNested()
  controlPlane!: ControlPlaneDto;

  @IsArray()
  @ValidateNested({ each: true })
  nodePools!: NodePoolDto[];
}

export class TanzuKubernetesClusterSpecDto {
  @ValidateNested()
  topology!: TopologyDto;
}
