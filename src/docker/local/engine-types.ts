// The parts of the Docker Engine API answers we read (API 1.41+; later versions only add fields).

export interface RawPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

export interface RawMountPoint {
  Type: string;
  Name?: string;
  Source: string;
  Destination: string;
  RW: boolean;
}

export interface RawContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Created: number;
  State: string;
  Status: string;
  Ports: RawPort[];
  Labels: Record<string, string> | null;
  Mounts: RawMountPoint[];
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string }> };
}

export type RawPortBindings = Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;

export interface RawContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  RestartCount: number;
  State: {
    Status: string;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string; FailingStreak: number; Log: { Start: string; ExitCode: number; Output: string }[] | null };
  };
  Config: {
    Image: string;
    Env: string[] | null;
    Cmd: string[] | null;
    Entrypoint: string[] | null;
    WorkingDir: string;
    User: string;
    Tty: boolean;
    Labels: Record<string, string> | null;
  };
  HostConfig: { RestartPolicy?: { Name: string; MaximumRetryCount: number }; PortBindings?: RawPortBindings };
  Mounts: RawMountPoint[];
  NetworkSettings: {
    Ports: RawPortBindings;
    Networks: Record<string, { IPAddress: string; Aliases: string[] | null; NetworkID: string }> | null;
  };
}

export interface RawImage {
  Id: string;
  RepoTags: string[] | null;
  Size: number;
  Created: number;
}

export interface RawVolume {
  Name: string;
  Driver: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
  Mountpoint?: string;
}

export interface RawNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  Labels: Record<string, string> | null;
}
