import { LiveRoom } from "@/components/room/live-room";
import { pageAuth } from "@/server/auth/page-auth";

export const metadata = { title: "Live room" };

/** The live room: everything after sign-in happens over the socket (membership is checked on join). */
export default async function RoomPage({ params }: { params: Promise<{ sessionId: string }> }) {
  await pageAuth();
  const { sessionId } = await params;
  return <LiveRoom sessionId={sessionId} />;
}
